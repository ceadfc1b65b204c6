using System.Runtime.CompilerServices;
using AdventureServer.Inference.Serving;
using Orleans.Concurrency;

namespace AdventureServer.Server.Workers;

/// <summary>
/// The worker's engine behind <see cref="IWorkerGrain"/>: submits to the node's model and passes the stream on, first
/// saying which model took the turn. Reentrant: every generation of the batch streams at once.
/// </summary>
[NamedSilo]
[Reentrant]
public sealed class WorkerGrain(ModelHost engine) : Grain, IWorkerGrain
{
    /// <summary>How often a submission is tried again when a model switch lands in the middle of it.</summary>
    const int SwitchRaceTries = 3;

    public async IAsyncEnumerable<WorkerEvent> Generate(WorkerRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        CancellationTokenSource? stop = null;
        try
        {
            GenerationStream? stream = null;
            var model = engine.ModelName;
            for (var attempt = 0; attempt < SwitchRaceTries; attempt++)
            {
                model = engine.ModelName;
                if (request.Model is { } required && !string.Equals(required, model, StringComparison.Ordinal))
                    break;
                stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                stream = engine.Submit(request.ToGeneration(), stop.Token);
                // The model the engine took it on is the one named both before and after the submission: a switch
                // (which loads a whole checkpoint) cannot land twice between the two reads.
                if (string.Equals(engine.ModelName, model, StringComparison.Ordinal))
                    break;
                await stop.CancelAsync();
                stop.Dispose();
                stop = null;
                stream = null;
            }

            yield return new WorkerEvent(null, null, model);
            if (stream is null)
                yield break;
            await foreach (var delta in stream.Deltas.ReadAllAsync(CancellationToken.None))
                yield return new WorkerEvent(delta, null);
            yield return new WorkerEvent(null, await stream.Result);
        }
        finally
        {
            // The reader stopped early (Stop, or its node went away): the sequence leaves the batch at the next step.
            if (stop is not null)
            {
                await stop.CancelAsync();
                stop.Dispose();
            }
        }
    }

    public async Task<string> SwitchModel(string model)
    {
        await engine.SwitchAsync(model ?? string.Empty);
        return engine.ModelName;
    }
}
