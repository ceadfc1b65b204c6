namespace AdventureServer.Server.Tests.Workers;

/// <summary>
/// One run of the <see cref="RoutingSimulation"/>. The players' habits are the load tester's (tests/LoadTest): a
/// player's think time is uniform over 0.5 to 1.5 times its mean (<c>SimulatedPlayer</c>), parties of 4 share an
/// adventure (README, "Players per box"), and a continuation has at most 48 new tokens (<c>LoadOptions.MaxNewTokens</c>).
/// The workers' speed is an assumption, not a measurement: no GPU was measured for this project.
/// </summary>
public sealed record SimulationSettings
{
    public int Workers { get; init; } = 1_000;

    public int Players { get; init; } = 1_000_000;

    public int PartySize { get; init; } = 4;

    /// <summary>Mean seconds between one player's turns; an adventure of <see cref="PartySize"/> gets a turn that many times as often.</summary>
    public double TurnEveryS { get; init; } = 20;

    /// <summary>Fewest tokens in a continuation (the model stops early at an action line or end of text).</summary>
    public int MinTokens { get; init; } = 16;

    public int MaxTokens { get; init; } = 48;

    /// <summary>Assumed decode time per token of one stream on a worker (a GPU's, unmeasured).</summary>
    public double TokenMs { get; init; } = 25;

    /// <summary>Rows a worker runs at once (the bundled model's default <c>MaxConcurrentSequences</c> is 64).</summary>
    public int RowsPerWorker { get; init; } = 64;

    public int QueueLimit { get; init; } = 4;

    /// <summary>
    /// Stories whose prefix a worker's KV cache keeps (least recently used out). The engine today keeps a story's
    /// prefix in a row of its pool, so it holds at most its rows' worth; a larger figure models a bigger prefix cache.
    /// </summary>
    public int CachedStoriesPerWorker { get; init; } = 64;

    /// <summary>Rendezvous routing through the real <c>StoryRouter</c>, or a uniformly random live worker per turn.</summary>
    public bool RandomRouting { get; init; }

    /// <summary>Virtual seconds simulated.</summary>
    public double DurationS { get; init; } = 90;

    /// <summary>Virtual seconds before the figures start (every story has had a first turn by then).</summary>
    public double WarmUpS { get; init; } = 15;

    /// <summary>When a share of the workers dies at once (<see cref="LostShare"/>); never when null.</summary>
    public double? LossAtS { get; init; } = 45;

    public double LostShare { get; init; } = 0.1;

    /// <summary>Seconds between the workers' load reports to the router.</summary>
    public double ReportEveryS { get; init; } = 1;

    /// <summary>The length of a round: events inside one are taken as simultaneous.</summary>
    public double StepS { get; init; } = 0.05;

    public int Seed { get; init; } = 1;

    public int Stories => Players / PartySize;
}
