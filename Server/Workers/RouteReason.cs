namespace AdventureServer.Server.Workers;

/// <summary>Why the <see cref="StoryRouter"/> sent a turn where it did.</summary>
public enum RouteReason
{
    /// <summary>The story's rendezvous worker, which was not saturated: its cached prefix can be reused.</summary>
    Preferred,

    /// <summary>The rendezvous worker's queue was at the limit; the turn went to the least loaded worker instead.</summary>
    Spilled,
}
