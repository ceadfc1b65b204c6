using System.Runtime.CompilerServices;
using AdventureServer.Inference.Serving;
using Orleans.Concurrency;

namespace AdventureServer.Server.Workers;

/// <summary>
/// The worker's engine behind <see cref="IWorkerGrain"/>: submits to the node's model and passes the stream on.
/// Reentrant: every generation of the batch streams at once.
/// </summary>
[NamedSilo]
[Reentrant]
public sealed class WorkerGrain(ModelHost engine) : Grain, IWorkerGrain
{
    public async IAsyncEnumerable<WorkerEvent> Generate(WorkerRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stream = engine.Submit(request.ToGeneration(), stop.Token);
        try
        {
            await foreach (var delta in stream.Deltas.ReadAllAsync(CancellationToken.None))
                yield return new WorkerEvent(delta, null);
            yield return new WorkerEvent(null, await stream.Result);
        }
        finally
        {
            // The reader stopped early (Stop, or its node went away): the sequence leaves the batch at the next step.
            await stop.CancelAsync();
        }
    }

    public async Task<string> SwitchModel(string model)
    {
        await engine.SwitchAsync(model ?? string.Empty);
        return engine.ModelName;
    }
}
