namespace AdventureServer.Server.Tests.Workers;

/// <summary>How the <see cref="RoutingSimulation"/> picks a worker for a turn; workers and stories are indices.</summary>
public interface ISimulatedRouting
{
    /// <summary>The worker for the story's turn, and whether the router spilled it off the story's preferred worker.</summary>
    (int Worker, bool Spilled) Route(int story);

    void Complete(int worker);

    void Remove(int worker);

    void Report(int worker, int running, int waiting, int rows);

    /// <summary>The story's preferred worker, or -1 where the routing has none (random).</summary>
    int Preferred(int story);
}
