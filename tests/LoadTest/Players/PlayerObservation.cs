namespace AdventureServer.LoadTest.Players;

/// <summary>Everything one party member saw: each block's continuations in the order they were written.</summary>
public sealed record PlayerObservation(string UserName, bool Reconnected, IReadOnlyDictionary<Guid, IReadOnlyList<StreamObservation>> Blocks);
