namespace AdventureServer.Server.Tests.Workers;

/// <summary>The baseline: every turn to a uniformly random live worker, whatever served the story before.</summary>
public sealed class RandomRouting(int workers, int seed) : ISimulatedRouting
{
    readonly List<int> _live = [.. Enumerable.Range(0, workers)];
    readonly Random _random = new(seed);

    public (int Worker, bool Spilled) Route(int story) => (_live[_random.Next(_live.Count)], false);

    public void Complete(int worker)
    {
    }

    public void Remove(int worker) => _live.Remove(worker);

    public void Report(int worker, int running, int waiting, int rows)
    {
    }

    public int Preferred(int story) => -1;
}
