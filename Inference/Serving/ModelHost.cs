using AdventureServer.Inference.Loading;
using Microsoft.Extensions.Logging;

namespace AdventureServer.Inference.Serving;

/// <summary>
/// The served model, switchable without downtime. Requests go to the current engine; a switch loads
/// the new model beside the old one, then sends new requests to the new engine while those already
/// submitted finish on the old one, which is disposed (and its memory released) when its last request ends.
/// </summary>
public sealed partial class ModelHost : ITextGenerator, IAsyncDisposable
{
    readonly Func<InferenceOptions, InferenceWorker> _start;
    readonly InferenceOptions _options;
    readonly ILogger _logger;
    readonly Lock _gate = new();
    readonly Dictionary<InferenceWorker, int> _inFlight = [];
    readonly HashSet<InferenceWorker> _retiring = [];
    readonly SemaphoreSlim _switching = new(1, 1);
    InferenceWorker _current;

    /// <param name="options">The inference settings; a switch changes only the model.</param>
    /// <param name="start">Loads a model and starts its engine (on the calling thread).</param>
    /// <param name="logger">Where switches are logged.</param>
    public ModelHost(InferenceOptions options, Func<InferenceOptions, InferenceWorker> start, ILogger<ModelHost> logger)
    {
        ArgumentNullException.ThrowIfNull(start);
        _options = options;
        _start = start;
        _logger = logger;
        _current = start(options);
        _inFlight[_current] = 0;
    }

    /// <summary>The engine that new requests go to.</summary>
    public InferenceWorker Current
    {
        get
        {
            lock (_gate)
                return _current;
        }
    }

    /// <summary>Engines still finishing requests submitted before a switch.</summary>
    public int Retiring
    {
        get
        {
            lock (_gate)
                return _retiring.Count;
        }
    }

    public int ContextWindow => Current.ContextWindow;

    public string ModelName => Current.ModelName;

    /// <summary>The current engine's state, for the dashboard.</summary>
    public EngineState State => Current.State;

    public int CountTokens(string text) => Current.CountTokens(text);

    public GenerationStream Submit(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        InferenceWorker worker;
        lock (_gate)
        {
            worker = _current;
            _inFlight[worker]++;
        }
        GenerationStream stream;
        try
        {
            stream = worker.Submit(request, cancellationToken);
        }
        catch
        {
            Release(worker);
            throw;
        }
        return new GenerationStream(stream.Deltas, FinishOn(worker, stream.Result), stream.LogProbs);
    }

    /// <summary>
    /// Loads <paramref name="model"/> (a folder, <c>hf:NAME</c>, or empty for the bundled default) and makes
    /// it the served model. A model that fails to load leaves the current one serving; the error is thrown.
    /// </summary>
    public async Task SwitchAsync(string model, CancellationToken cancellationToken = default)
    {
        await _switching.WaitAsync(cancellationToken);
        try
        {
            var options = _options.With(model);
            // Loading reads the whole checkpoint: off the caller's thread, and while the old model serves.
            var next = await Task.Run(() => _start(options), cancellationToken);
            InferenceWorker previous;
            bool idle;
            lock (_gate)
            {
                previous = _current;
                _current = next;
                _inFlight[next] = 0;
                idle = _inFlight[previous] == 0;
                if (idle)
                    _inFlight.Remove(previous);
                else
                    _retiring.Add(previous);
            }
            LogSwitched(_logger, previous.ModelName, next.ModelName);
            if (idle)
                await previous.DisposeAsync();
        }
        finally
        {
            _switching.Release();
        }
    }

    async Task<GenerationResult> FinishOn(InferenceWorker worker, Task<GenerationResult> result)
    {
        try
        {
            return await result with { ModelName = worker.ModelName };
        }
        finally
        {
            Release(worker);
        }
    }

    void Release(InferenceWorker worker)
    {
        bool retire;
        lock (_gate)
        {
            retire = --_inFlight[worker] == 0 && _retiring.Remove(worker);
            if (retire)
                _inFlight.Remove(worker);
        }
        if (retire)
        {
            // The last request on a replaced model has ended: stop its engine and free its weights.
            _ = Task.Run(async () =>
            {
                await worker.DisposeAsync();
                LogRetired(_logger, worker.ModelName);
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        InferenceWorker[] workers;
        lock (_gate)
            workers = [.. _inFlight.Keys];
        foreach (var worker in workers)
            await worker.DisposeAsync();
        _switching.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Switched the served model from {Previous} to {Next}")]
    static partial void LogSwitched(ILogger logger, string previous, string next);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model} finished its last request and was unloaded")]
    static partial void LogRetired(ILogger logger, string model);
}
