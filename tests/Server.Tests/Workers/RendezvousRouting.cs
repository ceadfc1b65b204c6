using AdventureServer.Server.Workers;

namespace AdventureServer.Server.Tests.Workers;

/// <summary>The real <see cref="StoryRouter"/> behind the simulation's indices.</summary>
public sealed class RendezvousRouting : ISimulatedRouting
{
    readonly StoryRouter _router;
    readonly string[] _names;
    readonly Dictionary<string, int> _indices;
    readonly Guid[] _stories;

    public RendezvousRouting(int workers, int rows, int queueLimit, int stories, int seed)
    {
        _router = new StoryRouter(new StoryRoutingOptions { QueueLimit = queueLimit });
        _names = [.. Enumerable.Range(0, workers).Select(i => $"worker-{i:D4}")];
        _indices = _names.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i);
        foreach (var name in _names)
            _router.AddWorker(name, rows);
        var random = new Random(seed);
        var bytes = new byte[16];
        _stories = new Guid[stories];
        for (var i = 0; i < stories; i++)
        {
            random.NextBytes(bytes);
            _stories[i] = new Guid(bytes);
        }
    }

    public (int Worker, bool Spilled) Route(int story)
    {
        if (!_router.TryRoute(_stories[story], out var decision))
            throw new InvalidOperationException("No live worker.");
        return (_indices[decision.WorkerId], decision.Reason == RouteReason.Spilled);
    }

    public void Complete(int worker) => _router.Complete(_names[worker]);

    public void Remove(int worker) => _router.RemoveWorker(_names[worker]);

    public void Report(int worker, int running, int waiting, int rows) =>
        _router.Report(new WorkerLoad(_names[worker], running, waiting, rows, (double)running / rows, 0));

    public int Preferred(int story) => _indices[_router.PreferredWorker(_stories[story])!];
}
