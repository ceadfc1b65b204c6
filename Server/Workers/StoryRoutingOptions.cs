namespace AdventureServer.Server.Workers;

/// <summary>
/// How the <see cref="StoryRouter"/> picks a story's worker and decides that it is too busy to wait for; section
/// <c>Cluster:Routing</c> on a front-end.
/// </summary>
public sealed record StoryRoutingOptions
{
    /// <summary>
    /// Turns waiting for a row (beyond the worker's <see cref="WorkerLoad.MaxSequences"/>) at which the preferred
    /// worker counts as saturated and the turn spills. A prefix-cache hit saves one prefill; waiting behind this many
    /// whole turns costs more than that, so the limit is small.
    /// </summary>
    public int QueueLimit { get; init; } = 4;

    /// <summary>
    /// True (the default): a story's turns go to its rendezvous worker, so its prefix stays cached there. False: each
    /// turn goes to a uniformly random live worker (still spilling when that one is saturated): the baseline a
    /// measurement of what affinity gains compares with (<c>deploy/local-cluster/prefix-reuse.sh</c>), not a setting to
    /// serve with.
    /// </summary>
    public bool Affinity { get; init; } = true;
}
