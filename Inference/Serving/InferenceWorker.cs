using System.Diagnostics.Metrics;
using AdventureServer.Inference.Graphs;
using AdventureServer.Inference.Model;
using AdventureServer.Inference.Serving.Batching;
using AdventureServer.Inference.Serving.Scheduling;
using AdventureServer.Inference.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Serving;

/// <summary>
/// The one engine every player shares: a dedicated device thread runs continuous batching over the
/// model (the only thread that touches TorchSharp), callers submit from anywhere and read their stream.
/// The worker owns the model it is given and disposes it, unless told otherwise.
/// </summary>
public sealed class InferenceWorker : ITextGenerator, IDisposable, IAsyncDisposable
{
    static readonly TimeSpan IdleWait = TimeSpan.FromMilliseconds(250);

    readonly Gpt2Model _model;
    readonly Gpt2Tokenizer _tokenizer;
    readonly WaitingQueue _queue;
    readonly WorkerMetrics _metrics;
    readonly ILogger _logger;
    readonly ManualResetEventSlim _wake = new(false);
    readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly Thread _thread;
    readonly int _slots;
    readonly InferenceOptions _options;
    readonly int _maxNewTokens;
    readonly bool _ownsModel;
    BatchEngine? _engine;
    long _order;
    long _steps;
    long _liveTensors;
    volatile bool _stopping;

    /// <param name="model">The model, on its device, prepared for inference; the worker takes ownership.</param>
    /// <param name="tokenizer">The model's tokenizer (for text prompts and for the streamed text).</param>
    /// <param name="options">Slots, context, queue and prefill chunk sizes.</param>
    /// <param name="modelName">What <see cref="ModelName"/> reports.</param>
    /// <param name="logger">Where step failures are logged.</param>
    /// <param name="meterFactory">Creates the worker's Meter (DI's factory); null for a plain Meter.</param>
    /// <param name="ownsModel">Dispose the model with the worker (false: the caller may use it after disposal).</param>
    public InferenceWorker(Gpt2Model model, Gpt2Tokenizer tokenizer, InferenceOptions options, string modelName,
        ILogger<InferenceWorker>? logger = null, IMeterFactory? meterFactory = null, bool ownsModel = true)
    {
        _ownsModel = ownsModel;
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        _model = model;
        _tokenizer = tokenizer;
        ModelName = modelName;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _options = options;
        _maxNewTokens = Math.Max(1, options.MaxNewTokensLimit);
        ContextWindow = options.MaxContext > 0 ? Math.Min(options.MaxContext, model.Config.NPositions) : model.Config.NPositions;
        PoolSize = options.MaxConcurrentSequences > 0
            ? new PoolSize(options.MaxConcurrentSequences, "Inference:MaxConcurrentSequences")
            : SizePool(model, ContextWindow);
        _slots = PoolSize.Rows;
        _queue = new WaitingQueue(Math.Max(0, options.QueueCapacity));
        _metrics = new WorkerMetrics(() => _queue.Count, () => _engine?.DecodingCount ?? 0,
            () => _engine is { } e ? (double)e.UsedPositions / e.CapacityPositions : 0, meterFactory, modelName);
        _thread = new Thread(Run) { IsBackground = true, Name = "inference-worker" };
        _thread.Start();
    }

    public int ContextWindow { get; }

    /// <summary>The KV-cache pool's rows and why that many (set, or sized from memory).</summary>
    public PoolSize PoolSize { get; }

    public string ModelName { get; }

    /// <summary>Live TorchSharp tensors on the device thread after the last step (for leak checks).</summary>
    public long LiveTensors => Interlocked.Read(ref _liveTensors);

    /// <summary>Decode-step shapes captured as CUDA graphs so far; 0 where decoding runs eagerly.</summary>
    public int CapturedGraphs => _engine?.CapturedGraphs ?? 0;

    /// <summary>How long the start-up pass over the step shapes took (zero with <see cref="InferenceOptions.WarmUpShapes"/> off, or before it ran).</summary>
    public TimeSpan WarmUpTime { get; private set; }

    /// <summary>Steps run so far.</summary>
    public long Steps => Interlocked.Read(ref _steps);

    /// <summary>A snapshot for the dashboard; cheap, and safe from any thread.</summary>
    public EngineState State => new(
        _queue.Count,
        _engine?.DecodingCount ?? 0,
        _engine?.PrefillingCount ?? 0,
        _metrics.TokensPerSecond(),
        _metrics.TimeToFirstTokenP50(),
        _engine?.UsedPositions ?? 0,
        (long)_slots * ContextWindow,
        _engine?.PromptTokensPrefilled ?? 0,
        _engine?.PromptTokensReused ?? 0,
        Steps);

    public int CountTokens(string text) => _tokenizer.CountTokens(text);

    /// <exception cref="EngineBusyException">The queue is full.</exception>
    /// <exception cref="ArgumentException">The prompt is empty or does not fit the context window.</exception>
    public GenerationStream Submit(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_stopping, this);
        var prompt = (request.PromptTokens ?? _tokenizer.Encode(request.PromptText ?? "")).ToArray();
        if (prompt.Length == 0)
            throw new ArgumentException("The prompt is empty.", nameof(request));
        if (prompt.Length > ContextWindow)
            throw new ArgumentException($"The prompt has {prompt.Length} tokens; the context window holds {ContextWindow}.", nameof(request));
        if (request.MaxNewTokens > _maxNewTokens || request.MaxNewTokens < 1)
            request = request with { MaxNewTokens = Math.Clamp(request.MaxNewTokens, 1, _maxNewTokens) };

        var sequence = new Sequence(request, prompt, Interlocked.Increment(ref _order), _tokenizer, _model.Config.EosTokenId, ContextWindow);
        if (!_queue.TryAdd(sequence))
            throw new EngineBusyException();
        if (cancellationToken.CanBeCanceled)
            sequence.Registration = cancellationToken.Register(() =>
            {
                sequence.CancelRequested = true;
                _wake.Set();
            });
        _wake.Set();
        return sequence.Stream;
    }

    void Run()
    {
        using var noGrad = no_grad();
        try
        {
            var chunk = Math.Max(1, _options.PrefillChunkTokens);
            var budget = InferenceOptions.StepTokenBudgetFor(_options.StepTokenBudget, onCpu: _model.Device.type == DeviceType.CPU);
            var settings = new EngineSettings(_slots, ContextWindow, chunk, budget,
                Math.Clamp(_options.MinPrefillChunkTokens, 1, chunk), Math.Max(chunk, _options.MaxPrefillTokensPerStep), _options.PadDecodeSteps,
                _options.BatchInvariant);
            _engine = new BatchEngine(_model, _queue, _metrics, settings, UseGraphs(), _logger);
            if (_options.WarmUpShapes)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var shapes = _engine.WarmUp();
                WarmUpTime = clock.Elapsed;
                InferenceWorkerLog.WarmedUp(_logger, shapes, clock.Elapsed.TotalMilliseconds);
            }
            Interlocked.Exchange(ref _liveTensors, LiveTensorsOnThisThread());
            InferenceWorkerLog.Started(_logger, ModelName, _slots, ContextWindow, _model.Device.ToString(), PoolSize.Reason);
            while (!_stopping)
            {
                _wake.Reset();
                if (!_engine.HasWork && _queue.Count == 0)
                {
                    _wake.Wait(IdleWait);
                    continue;
                }
                RunStep(_engine);
            }
            _engine.FinishAll(FinishReason.Cancelled, "The engine is shutting down.");
        }
        catch (Exception e)
        {
            InferenceWorkerLog.WorkerFailed(_logger, e);
            _engine?.FinishAll(FinishReason.Error, e.Message);
        }
        finally
        {
            _engine?.Dispose();
            if (_ownsModel)
                _model.Dispose();
            _stopped.TrySetResult();
        }
    }

    /// <summary>The pool <see cref="PoolSizing"/> chooses for <paramref name="model"/> with rows of <paramref name="context"/> positions.</summary>
    public static PoolSize SizePool(Gpt2Model model, int context)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var cacheElement = empty(1, model.CacheDType);
        var elementBytes = (int)cacheElement.ElementSize; // keys and values are cached in the model's CacheDType
        return PoolSizing.Choose(model.Config, context, elementBytes, model.ParameterCount, model.WeightBytes, Devices.MachineMemory.AvailableBytes(), model.Device.type == DeviceType.CUDA);
    }

    bool UseGraphs()
    {
        if (_model.Device.type != DeviceType.CUDA)
            return false;
        if (!_options.CudaGraphs)
        {
            InferenceWorkerLog.NoGraphs(_logger, "turned off in the configuration (Inference:CudaGraphs)");
            return false;
        }
        if (!CudaGraphSupport.IsAvailable(_model.Device, out var reason))
        {
            InferenceWorkerLog.NoGraphs(_logger, reason);
            return false;
        }
        return true;
    }

    void RunStep(BatchEngine engine)
    {
        using (var scope = NewDisposeScope())
        {
            try
            {
                engine.Step();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Keep serving: the requests in flight fail, the worker does not.
                InferenceWorkerLog.StepFailed(_logger, e);
                _metrics.Errors(1);
                engine.FailAll(e.Message);
            }
        }
        Interlocked.Increment(ref _steps);
        Interlocked.Exchange(ref _liveTensors, LiveTensorsOnThisThread());
    }

    /// <summary>
    /// Tensors created on this thread and not yet disposed. Not ThreadTotalLiveCount: that one stops
    /// counting a tensor once it is detached from its scope, which is exactly how a step would leak one.
    /// </summary>
    static long LiveTensorsOnThisThread()
    {
        var tensors = DisposeScopeManager.Statistics.TensorStatistics;
        return tensors.CreatedInScopeCount + tensors.CreatedOutsideScopeCount - tensors.DisposedInScopeCount - tensors.DisposedOutsideScopeCount;
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        if (!_stopping)
        {
            _stopping = true;
            _wake.Set();
        }
        await _stopped.Task.ConfigureAwait(false);
        _metrics.Dispose();
        _wake.Dispose();
    }
}
