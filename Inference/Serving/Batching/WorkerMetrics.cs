using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AdventureServer.Inference.Serving.Batching;

/// <summary>
/// The worker's instruments (Meter <c>AdventureServer.Inference</c>) and the recent figures the dashboard
/// snapshot needs. Written by the device thread; gauges and the snapshot read plain fields, never TorchSharp.
/// </summary>
internal sealed class WorkerMetrics : IDisposable
{
    static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(5);
    const int TtftWindow = 100;

    readonly Meter _meter;
    readonly Histogram<double> _timeToFirstToken;
    readonly Histogram<double> _timeBetweenTokens;
    readonly Histogram<double> _queueTime;
    readonly Counter<long> _tokens;
    readonly Counter<long> _errors;
    readonly Counter<long> _prefilled;
    readonly Counter<long> _reused;
    readonly Lock _gate = new();
    readonly Queue<(long At, int Tokens)> _recentTokens = new();
    readonly Queue<double> _recentTtft = new();

    static long s_engines;

    public WorkerMetrics(Func<int> queueLength, Func<int> batchSize, Func<double> cacheUse, IMeterFactory? meterFactory = null, string model = "")
    {
        // Each engine gets a meter of its own (the factory caches meters by name and tags): while a model
        // switch runs the old and new engines side by side, and the old one's disposal must not take the
        // new one's instruments with it.
        var options = new MeterOptions(InferenceInstruments.MeterName)
        {
            Tags = [new("model", model), new("engine", Interlocked.Increment(ref s_engines))],
        };
        _meter = meterFactory?.Create(options) ?? new Meter(options);
        _timeToFirstToken = _meter.CreateHistogram<double>(InferenceInstruments.TimeToFirstToken, "ms", "Submission to first generated token.");
        _timeBetweenTokens = _meter.CreateHistogram<double>(InferenceInstruments.TimeBetweenTokens, "ms", "Gap between a sequence's consecutive tokens.");
        _queueTime = _meter.CreateHistogram<double>(InferenceInstruments.QueueTime, "ms", "Submission to admission into a slot.");
        _tokens = _meter.CreateCounter<long>(InferenceInstruments.TokensGenerated, "{token}", "Tokens generated.");
        _errors = _meter.CreateCounter<long>(InferenceInstruments.Errors, "{error}", "Steps that failed and the requests they failed.");
        _prefilled = _meter.CreateCounter<long>(InferenceInstruments.PromptTokensPrefilled, "{token}", "Prompt tokens run through the model.");
        _reused = _meter.CreateCounter<long>(InferenceInstruments.PromptTokensReused, "{token}", "Prompt tokens taken from the prefix cache instead of prefilled.");
        _meter.CreateObservableGauge(InferenceInstruments.BatchSize, batchSize, "{sequence}", "Sequences decoded in the last step.");
        _meter.CreateObservableGauge(InferenceInstruments.QueueLength, queueLength, "{request}", "Requests waiting for a slot.");
        _meter.CreateObservableGauge(InferenceInstruments.KvCacheUse, cacheUse, "1", "Used KV-cache positions / capacity.");
    }

    public void Admitted(Sequence sequence) =>
        _queueTime.Record(Stopwatch.GetElapsedTime(sequence.SubmittedAt, sequence.AdmittedAt).TotalMilliseconds);

    /// <summary>Records a token chosen for <paramref name="sequence"/>; call before the sequence accepts it.</summary>
    public void Token(Sequence sequence, long now)
    {
        if (sequence.FirstTokenAt == 0)
        {
            var ttft = Stopwatch.GetElapsedTime(sequence.SubmittedAt, now).TotalMilliseconds;
            _timeToFirstToken.Record(ttft);
            lock (_gate)
            {
                _recentTtft.Enqueue(ttft);
                if (_recentTtft.Count > TtftWindow)
                    _recentTtft.Dequeue();
            }
        }
        else
        {
            _timeBetweenTokens.Record(Stopwatch.GetElapsedTime(sequence.LastTokenAt, now).TotalMilliseconds);
        }
    }

    /// <summary>Counts the tokens one step produced.</summary>
    public void StepTokens(int tokens, long now)
    {
        if (tokens == 0)
            return;
        _tokens.Add(tokens);
        lock (_gate)
        {
            _recentTokens.Enqueue((now, tokens));
            while (_recentTokens.Count > 0 && Stopwatch.GetElapsedTime(_recentTokens.Peek().At, now) > RateWindow)
                _recentTokens.Dequeue();
        }
    }

    public void Errors(int count) => _errors.Add(count);

    /// <summary>Counts prompt tokens run through the model.</summary>
    public void Prefilled(int tokens) => _prefilled.Add(tokens);

    /// <summary>Counts prompt tokens a sequence took from the prefix cache.</summary>
    public void Reused(int tokens)
    {
        if (tokens > 0)
            _reused.Add(tokens);
    }

    /// <summary>Tokens per second over the last few seconds.</summary>
    public double TokensPerSecond()
    {
        lock (_gate)
        {
            var now = Stopwatch.GetTimestamp();
            var recent = _recentTokens.Where(t => Stopwatch.GetElapsedTime(t.At, now) <= RateWindow).ToList();
            return recent.Sum(t => t.Tokens) / RateWindow.TotalSeconds;
        }
    }

    /// <summary>Median time to first token of the recent requests, 0 before any.</summary>
    public double TimeToFirstTokenP50()
    {
        lock (_gate)
        {
            if (_recentTtft.Count == 0)
                return 0;
            var sorted = _recentTtft.Order().ToArray();
            return sorted[sorted.Length / 2];
        }
    }

    public void Dispose() => _meter.Dispose();
}
