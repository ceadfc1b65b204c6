namespace AdventureServer.Server.Hubs.Contracts;

/// <summary>The continuation being written: its attempt, its text so far and the sequence number of the last delta in it.</summary>
public sealed record LiveBlockView(Guid BlockId, int Attempt, string Text, int LastSequence);
