namespace AdventureServer.Server.Workers;

/// <summary>Where one turn of a story goes.</summary>
/// <param name="WorkerId">The worker that runs the turn; report its end with <see cref="StoryRouter.Complete"/>.</param>
/// <param name="PreferredWorkerId">The story's rendezvous worker (the same as <paramref name="WorkerId"/> unless spilled).</param>
/// <param name="Reason">Whether the turn went to the preferred worker or spilled.</param>
public readonly record struct RouteDecision(string WorkerId, string PreferredWorkerId, RouteReason Reason);
