using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using AdventureServer.Inference;
using AdventureServer.Inference.Model;
using AdventureServer.Inference.Serving;

namespace AdventureServer.Server.Cli;

/// <summary>
/// <c>bench</c>: N streams with staggered arrivals through the batching worker, one stream alone through
/// it, then the same requests one after another through the single-sequence path, all in one run.
/// Prints a table, then one JSON line.
/// </summary>
public static class BenchCommand
{
    static readonly Option<int> Streams = new("--streams") { Description = "Concurrent streams.", DefaultValueFactory = _ => 8 };
    static readonly Option<int> PromptTokens = new("--prompt-tokens") { Description = "Prompt length in tokens.", DefaultValueFactory = _ => 128 };
    static readonly Option<int> NewTokens = new("--new-tokens") { Description = "Tokens generated per stream.", DefaultValueFactory = _ => 64 };
    static readonly Option<string?> ModelDir = new("--model") { Description = "A Hugging Face GPT-2 folder." };
    static readonly Option<string?> RandomWeights = new("--random-weights") { Description = "Random weights of a GPT-2 shape (gpt2 … gpt2-xl)." };
    static readonly Option<string> Device = new("--device") { Description = "auto, cpu or cuda.", DefaultValueFactory = _ => "auto" };
    static readonly Option<string> DType = new("--dtype") { Description = "auto, float32, float16 or bfloat16.", DefaultValueFactory = _ => "auto" };
    static readonly Option<int> StaggerMs = new("--stagger-ms") { Description = "Gap between stream arrivals.", DefaultValueFactory = _ => 50 };
    static readonly Option<int> PrefillChunk = new("--prefill-chunk") { Description = "Prompt tokens prefilled per step.", DefaultValueFactory = _ => new InferenceOptions().PrefillChunkTokens };

    public static Command Create()
    {
        var command = new Command("bench", "Measure continuous batching against one-at-a-time generation.")
        {
            Streams, PromptTokens, NewTokens, ModelDir, RandomWeights, Device, DType, StaggerMs, PrefillChunk,
        };
        command.SetAction((parse, ct) => RunAsync(new BenchSettings(
            parse.GetValue(Streams), parse.GetValue(PromptTokens), parse.GetValue(NewTokens), parse.GetValue(ModelDir),
            parse.GetValue(RandomWeights), parse.GetValue(Device)!, parse.GetValue(DType)!, parse.GetValue(StaggerMs),
            parse.GetValue(PrefillChunk)), ct));
        return command;
    }

    static async Task<int> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        if (settings.ModelDir is not null)
        {
            await Console.Error.WriteLineAsync("bench: --model needs the checkpoint loader; use --random-weights for now.");
            return 2;
        }
        var device = BenchModel.ResolveDevice(settings.Device);
        var dtype = BenchModel.ResolveDType(settings.DType, device);
        using var model = BenchModel.RandomWeights(settings.RandomWeights ?? "gpt2", device, dtype, seed: 1);
        var random = new Random(1234);
        var prompts = Enumerable.Range(0, settings.Streams)
            .Select(_ => Enumerable.Range(0, settings.PromptTokens).Select(_ => random.Next(0, 50000)).ToArray())
            .ToArray();
        var codec = TiktokenCodec.Gpt2();
        Console.WriteLine($"bench: {settings.RandomWeights ?? "gpt2"} random weights on {device} ({dtype}), {settings.Streams} streams, " +
            $"prompt {settings.PromptTokens}, {settings.NewTokens} new tokens, arrivals {settings.StaggerMs} ms apart, prefill chunk {settings.PrefillChunk}");

        var (batched, batchedTokens) = await RunWorker(model, codec, settings, prompts, settings.StaggerMs, cancellationToken);
        var (single, _) = await RunWorker(model, codec, settings, prompts[..1], 0, cancellationToken);
        var (sequential, sequentialTokens) = RunSequential(model, prompts, settings.NewTokens);
        var matching = batchedTokens.Zip(sequentialTokens).Count(p => p.First.SequenceEqual(p.Second));

        BenchReport.Write(settings, device.ToString(), dtype.ToString(), batched, single, sequential, matching);
        return 0;
    }

    static async Task<(BenchFigures, int[][])> RunWorker(Gpt2Model model, ITokenCodec codec, BenchSettings settings,
        int[][] prompts, int staggerMs, CancellationToken cancellationToken)
    {
        var options = new InferenceOptions
        {
            MaxConcurrentSequences = prompts.Length,
            MaxContext = settings.PromptTokens + settings.NewTokens,
            QueueCapacity = prompts.Length,
            PrefillChunkTokens = settings.PrefillChunk,
            MaxNewTokensLimit = settings.NewTokens,
        };
        await using var worker = new InferenceWorker(model, codec, options, "bench", ownsModel: false);
        // One short request first, so one-time costs (thread start, first kernels) stay out of the figures.
        await worker.Submit(new GenerationRequest { PromptTokens = prompts[0][..8], MaxNewTokens = 2, Key = "warm-up" }, cancellationToken).Result;

        var gaps = new ConcurrentQueue<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == InferenceInstruments.MeterName && instrument.Name == InferenceInstruments.TimeBetweenTokens)
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => gaps.Enqueue(value));
        listener.Start();

        var clock = Stopwatch.StartNew();
        var runs = new List<Task<GenerationResult>>();
        for (var i = 0; i < prompts.Length; i++)
        {
            var wait = TimeSpan.FromMilliseconds(i * staggerMs) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, cancellationToken);
            var stream = worker.Submit(new GenerationRequest { PromptTokens = prompts[i], MaxNewTokens = settings.NewTokens, Key = $"stream-{i}" }, cancellationToken);
            runs.Add(Drain(stream));
        }
        var results = await Task.WhenAll(runs);
        var wall = clock.Elapsed.TotalSeconds;
        listener.Dispose();
        var figures = new BenchFigures(results.Sum(r => r.CompletionTokens), wall,
            results.Select(r => r.TimeToFirstToken.TotalMilliseconds).ToArray(), gaps.ToArray());
        return (figures, results.Select(r => r.TokenIds.ToArray()).ToArray());
    }

    static async Task<GenerationResult> Drain(GenerationStream stream)
    {
        await foreach (var _ in stream.Deltas.ReadAllAsync())
        {
        }
        return await stream.Result;
    }

    static (BenchFigures, int[][]) RunSequential(Gpt2Model model, int[][] prompts, int newTokens)
    {
        SequentialBaseline.Generate(model, prompts[0][..8], 2); // warm-up, as for the worker
        var clock = Stopwatch.StartNew();
        var outputs = new List<int[]>();
        var ttft = new List<double>();
        var gaps = new List<double>();
        foreach (var prompt in prompts)
        {
            var (tokens, times) = SequentialBaseline.Generate(model, prompt, newTokens);
            outputs.Add(tokens);
            ttft.Add(times[0]);
            gaps.AddRange(times.Zip(times.Skip(1), (a, b) => b - a));
        }
        return (new BenchFigures(outputs.Sum(o => o.Length), clock.Elapsed.TotalSeconds, ttft, gaps), [.. outputs]);
    }
}
