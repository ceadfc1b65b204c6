namespace AdventureServer.Server.Workers;

/// <summary>The <see cref="StoryRouter"/>'s view of one live worker; changed only under the router's lock.</summary>
internal sealed class RoutedWorker(string id, int maxSequences, int addedAt)
{
    public string Id { get; } = id;

    public ulong Key { get; } = RendezvousHash.WorkerKey(id);

    /// <summary>The router's generation when the worker joined: cached preferences older than this have not seen it.</summary>
    public int AddedAt { get; } = addedAt;

    public int MaxSequences { get; set; } = maxSequences;

    /// <summary>The model it serves, as it last reported (empty before it did).</summary>
    public string Model { get; set; } = string.Empty;

    /// <summary>Turns running or waiting there: the last report, plus what was routed there since, minus what ended.</summary>
    public int InFlight { get; set; }

    public bool Alive { get; set; } = true;

    public bool IsSaturated(int queueLimit) => InFlight - MaxSequences >= queueLimit;

    /// <summary>Whether this worker is less loaded than <paramref name="other"/>, by share of its rows in use.</summary>
    public bool IsLessLoadedThan(RoutedWorker other) =>
        (long)InFlight * other.MaxSequences < (long)other.InFlight * MaxSequences;

    public bool IsAsLoadedAs(RoutedWorker other) =>
        (long)InFlight * other.MaxSequences == (long)other.InFlight * MaxSequences;
}
