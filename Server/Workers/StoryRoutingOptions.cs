namespace AdventureServer.Server.Workers;

/// <summary>How the <see cref="StoryRouter"/> decides that a story's preferred worker is too busy to wait for.</summary>
public sealed record StoryRoutingOptions
{
    /// <summary>
    /// Turns waiting for a row (beyond the worker's <see cref="WorkerLoad.MaxSequences"/>) at which the preferred
    /// worker counts as saturated and the turn spills. A prefix-cache hit saves one prefill; waiting behind this many
    /// whole turns costs more than that, so the limit is small.
    /// </summary>
    public int QueueLimit { get; init; } = 4;
}
