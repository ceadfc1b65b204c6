using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using AdventureServer.Inference;
using AdventureServer.Inference.Devices;
using AdventureServer.Inference.Generation;
using AdventureServer.Inference.Loading;
using AdventureServer.Inference.Model;
using AdventureServer.Inference.Sampling;
using AdventureServer.Inference.Serving;
using AdventureServer.Inference.Text;
using AdventureServer.Training.Corpus;

namespace AdventureServer.Server.Cli;

/// <summary>
/// <c>bench</c>: N streams with staggered arrivals through the batching worker; then each request alone, once
/// through a one-row worker and once through the single-sequence path, alternating request by request so the
/// two see the same minutes of a noisy machine; all in one run. Prints a table, then one JSON line.
/// </summary>
public static class BenchCommand
{
    static readonly Option<int> Streams = new("--streams") { Description = "Concurrent streams.", DefaultValueFactory = _ => 8 };
    static readonly Option<int> PromptTokens = new("--prompt-tokens") { Description = "Prompt length in tokens.", DefaultValueFactory = _ => 128 };
    static readonly Option<int> NewTokens = new("--new-tokens") { Description = "Tokens generated per stream.", DefaultValueFactory = _ => 64 };
    static readonly Option<int> StaggerMs = new("--stagger-ms") { Description = "Gap between stream arrivals.", DefaultValueFactory = _ => 50 };
    static readonly Option<int> Threads = new("--threads")
    {
        Description = "libtorch intra-op threads for the whole run (0 leaves what the model's dtype chooses: the core count, or 1 beside the int8 kernels). " +
            "On a machine shared beyond its cores, 1 avoids parallel regions waiting on descheduled threads.",
        DefaultValueFactory = _ => 0,
    };
    static readonly Option<float> Temperature = new("--temperature")
    {
        Description = "0 (the default) decodes greedily; above 0 each stream samples with seed 1000 + its index (end-of-text banned), " +
            "so the batched, single and sequential outputs compare what a seed draws when the batch around a story differs.",
        DefaultValueFactory = _ => 0f,
    };
    static readonly Option<int> TopK = new("--top-k") { Description = "With a temperature: keep each stream's k most likely tokens (0: all). The game's default is 40.", DefaultValueFactory = _ => 0 };
    static readonly Option<float> TopP = new("--top-p") { Description = "With a temperature: keep the nucleus of this probability mass (1: all). The game's default is 0.9.", DefaultValueFactory = _ => 1f };
    static readonly Option<float> RepetitionPenalty = new("--repetition-penalty")
    {
        Description = "Penalty on tokens already in a stream's context (1: off). The game's default is 1.1.",
        DefaultValueFactory = _ => 1f,
    };
    static readonly Option<bool> StoryPrompts = new("--story-prompts")
    {
        Description = "Prompts cut from the game's generated stories (corpus seed 99) instead of random token ids: what a model trained on them meets.",
    };
    static readonly Option<int> PrefillChunk = new("--prefill-chunk") { Description = "Prompt tokens prefilled per step.", DefaultValueFactory = _ => new InferenceOptions().PrefillChunkTokens };
    static readonly Option<int?> StepTokenBudget = new("--step-token-budget")
    {
        Description = $"Tokens a step carries at most while streams decode (0: no limit; default {InferenceOptions.CpuStepTokenBudget} on the CPU, none on a GPU).",
    };

    static readonly Option<bool> BatchInvariant = new("--batch-invariant")
    {
        Description = "Each stream's tokens do not depend on the others' nor on how its prompt is cut (Inference:BatchInvariant): every product of a bfloat16 step runs on the bfloat16 kernel, prompt chunks included (false: only decode steps of up to 8 rows do, the rest are libtorch's).",
        DefaultValueFactory = _ => new InferenceOptions().BatchInvariant,
    };

    public static Command Create()
    {
        var model = new ModelSelectionOptions();
        var command = new Command("bench", "Measure continuous batching against one-at-a-time generation.")
        {
            Streams, PromptTokens, NewTokens, StaggerMs, PrefillChunk, StepTokenBudget, Threads, Temperature, TopK, TopP, RepetitionPenalty, StoryPrompts, BatchInvariant,
        };
        model.AddTo(command);
        command.SetAction((parse, ct) => RunAsync(model.ToInferenceOptions(parse), parse.GetValue(StoryPrompts), new BenchSettings(
            parse.GetValue(Streams), parse.GetValue(PromptTokens), parse.GetValue(NewTokens), parse.GetValue(StaggerMs),
            parse.GetValue(PrefillChunk), parse.GetValue(StepTokenBudget), parse.GetValue(Threads), parse.GetValue(Temperature),
            parse.GetValue(BatchInvariant), parse.GetValue(TopK), parse.GetValue(TopP), parse.GetValue(RepetitionPenalty)), ct));
        return command;
    }

    static async Task<int> RunAsync(InferenceOptions options, bool storyPrompts, BenchSettings settings, CancellationToken cancellationToken)
    {
        LoadedModel loaded;
        try
        {
            loaded = ModelLoader.Load(options);
        }
        catch (Exception e) when (e is CheckpointException or ArgumentException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"bench: {e.Message}");
            return 1;
        }
        using var _ = loaded;
        if (settings.Threads > 0)
            TorchSharp.torch.set_num_threads(settings.Threads);
        if (settings.Streams < 1 || settings.PromptTokens < 8 || settings.NewTokens < 2 || settings.PromptTokens + settings.NewTokens > loaded.Model.Config.NPositions)
        {
            await Console.Error.WriteLineAsync($"bench: need 1 ≤ streams, 8 ≤ prompt tokens, 2 ≤ new tokens, and prompt + new ≤ {loaded.Model.Config.NPositions}.");
            return 1;
        }
        try
        {
            // Every flag, as given: a greedy stream ignores top-k and top-p, but a mistyped one is still refused.
            new SamplingSettings { Temperature = settings.Temperature, TopK = settings.TopK, TopP = settings.TopP, RepetitionPenalty = settings.RepetitionPenalty }
                .ThrowIfOutOfRange();
        }
        catch (ArgumentOutOfRangeException e)
        {
            await Console.Error.WriteLineAsync($"bench: need temperature ≥ 0, top-k ≥ 0, 0 < top-p ≤ 1 and a repetition penalty above 0 ({e.Message.Split('\n')[0].Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal)})");
            return 1;
        }
        var random = new Random(1234);
        // One prompt more than the streams: the first warms up each phase at full length. Here a thread's first
        // pass at a new shape took up to twice as long as later ones (353 against 180 ms for 128 tokens), a
        // one-time cost that a running server does not pay per request.
        var prompts = storyPrompts ? StoryPromptsFor(loaded.Tokenizer, settings.Streams + 1, settings.PromptTokens)
            : Enumerable.Range(0, settings.Streams + 1)
                .Select(_ => Enumerable.Range(0, settings.PromptTokens).Select(_ => random.Next(Gpt2Tokenizer.EndOfText)).ToArray())
                .ToArray();
        var warmUp = prompts[0];
        prompts = prompts[1..];
        Console.WriteLine($"bench: {loaded.Name} on {loaded.Target.DeviceName} {loaded.Target.DTypeName} ({loaded.Target.DTypeReason}), {BenchReport.Threads()}, " +
            $"{settings.Streams} streams, prompt {settings.PromptTokens}, {settings.NewTokens} new tokens, {settings.Sampling}, " +
            $"arrivals {settings.StaggerMs} ms apart, prefill chunk {settings.PrefillChunk}, step budget {settings.StepTokenBudget?.ToString(CultureInfo.InvariantCulture) ?? "auto"}; " +
            $"{Environment.ProcessorCount} cores, load average {BenchReport.LoadAverage()}" +
            (MklDispatch.PinnedBranch is { } branch ? $", MKL pinned to {branch}" : ""));
        var served = InferenceWorker.SizePool(loaded.Model, loaded.Model.Config.NPositions);
        Console.WriteLine($"rows: {settings.Streams}, one per stream (serve with Inference:MaxConcurrentSequences unset would take {served.Rows}: {served.Reason})");

        var (batched, batchedTokens) = await RunWorker(loaded, settings, warmUp, prompts, settings.StaggerMs, cancellationToken);
        var (single, singleTokens, sequential, sequentialTokens) = await RunOneAtATime(loaded, settings, warmUp, prompts, cancellationToken);
        var matching = batchedTokens.Zip(sequentialTokens).Count(p => p.First.SequenceEqual(p.Second));
        var singleMatching = singleTokens.Zip(sequentialTokens).Count(p => p.First.SequenceEqual(p.Second));
        if (singleMatching < prompts.Length)
            Console.WriteLine($"note: {prompts.Length - singleMatching} of {prompts.Length} one-stream outputs differ from the same request on the sequential path");

        var bandwidth = BenchBandwidth.Measure(loaded.Model);

        BenchReport.Write(settings, loaded.Target, batched, single, sequential, matching, bandwidth);
        return 0;
    }

    static async Task<(BenchFigures, int[][])> RunWorker(LoadedModel loaded, BenchSettings settings, int[] warmUp,
        int[][] prompts, int staggerMs, CancellationToken cancellationToken)
    {
        await using var worker = await StartWorker(loaded, settings, warmUp, prompts.Length, cancellationToken);
        using var gaps = new GapRecorder();
        var clock = Stopwatch.StartNew();
        var runs = new List<Task<GenerationResult>>();
        for (var i = 0; i < prompts.Length; i++)
        {
            var wait = TimeSpan.FromMilliseconds(i * staggerMs) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, cancellationToken);
            runs.Add(Drain(worker.Submit(Request(settings, prompts[i], i), cancellationToken)));
        }
        var results = await Task.WhenAll(runs);
        var wall = clock.Elapsed.TotalSeconds;
        var figures = new BenchFigures(results.Sum(r => r.CompletionTokens), wall,
            results.Select(r => r.TimeToFirstToken.TotalMilliseconds).ToArray(), gaps.Gaps, worker.CapturedGraphs, worker.WarmUpTime.TotalMilliseconds);
        return (figures, results.Select(r => r.TokenIds.ToArray()).ToArray());
    }

    /// <summary>
    /// Each request alone through a one-row worker, then the same request on the sequential path, request by request.
    /// The sequential path reports prefill and decode time per request, not per token, so its gaps are each
    /// request's mean decode step.
    /// </summary>
    static async Task<(BenchFigures Single, int[][] SingleTokens, BenchFigures Sequential, int[][] SequentialTokens)> RunOneAtATime(
        LoadedModel loaded, BenchSettings settings, int[] warmUp, int[][] prompts, CancellationToken cancellationToken)
    {
        await using var worker = await StartWorker(loaded, settings, warmUp, 1, cancellationToken);
        var generator = new Gpt2Generator(loaded.Model, loaded.Tokenizer);
        generator.Generate(warmUp, SamplingSettings.Greedy, [], 2); // warm-up, as for the worker
        using var gaps = new GapRecorder();
        var (singleWall, sequentialWall) = (0.0, 0.0);
        var single = new List<GenerationResult>();
        var sequential = new List<GenerationSummary>();
        for (var i = 0; i < prompts.Length; i++)
        {
            var clock = Stopwatch.StartNew();
            single.Add(await Drain(worker.Submit(Request(settings, prompts[i], i), cancellationToken)));
            singleWall += clock.Elapsed.TotalSeconds;
            gaps.Pause();
            clock.Restart();
            sequential.Add(generator.Generate(prompts[i], SamplingFor(settings, i), [], settings.NewTokens));
            sequentialWall += clock.Elapsed.TotalSeconds;
            gaps.Resume();
        }
        var singleFigures = new BenchFigures(single.Sum(r => r.CompletionTokens), singleWall,
            single.Select(r => r.TimeToFirstToken.TotalMilliseconds).ToArray(), gaps.Gaps);
        var sequentialFigures = new BenchFigures(sequential.Sum(r => r.CompletionTokens), sequentialWall,
            sequential.Select(r => r.Prefill.TotalMilliseconds).ToArray(),
            sequential.SelectMany(r => Enumerable.Repeat(r.MillisecondsPerDecodeStep, r.DecodeSteps)).ToArray());
        return (singleFigures, single.Select(r => r.TokenIds.ToArray()).ToArray(), sequentialFigures, sequential.Select(r => r.Tokens.ToArray()).ToArray());
    }

    /// <summary>A worker of <paramref name="rows"/> rows for the bench's requests, warmed up (its shapes, then one request).</summary>
    static async Task<InferenceWorker> StartWorker(LoadedModel loaded, BenchSettings settings, int[] warmUp, int rows, CancellationToken cancellationToken)
    {
        var options = new InferenceOptions
        {
            MaxConcurrentSequences = rows,
            MaxContext = settings.PromptTokens + settings.NewTokens,
            QueueCapacity = rows,
            PrefillChunkTokens = settings.PrefillChunk,
            StepTokenBudget = settings.StepTokenBudget,
            BatchInvariant = settings.BatchInvariant,
            MaxNewTokensLimit = settings.NewTokens,
        };
        var worker = new InferenceWorker(loaded.Model, loaded.Tokenizer, options, loaded.Name, ownsModel: false);
        // The worker runs its step shapes once at start (its WarmUpTime, reported). One request first as well, so
        // what that leaves (thread start, the fused pass's shapes) stays out of the figures; without a key, so no
        // stream finds its prefix cached.
        await worker.Submit(new GenerationRequest { PromptTokens = warmUp, MaxNewTokens = 2 }, cancellationToken).Result;
        return worker;
    }

    static GenerationRequest Request(BenchSettings settings, int[] prompt, int index) => new()
    {
        PromptTokens = prompt, MaxNewTokens = settings.NewTokens, Key = $"stream-{index}", Sampling = SamplingFor(settings, index),
    };

    /// <summary><paramref name="count"/> prompts of <paramref name="length"/> tokens, consecutive windows of the game's generated stories.</summary>
    static int[][] StoryPromptsFor(Gpt2Tokenizer tokenizer, int count, int length)
    {
        var tokens = new List<int>();
        var story = 0;
        while (tokens.Count < count * length)
            tokens.AddRange(tokenizer.Encode(StoryCorpusGenerator.Story(99, story++).ToText() + StoryCorpusGenerator.EndOfText));
        return Enumerable.Range(0, count).Select(i => tokens.Skip(i * length).Take(length).ToArray()).ToArray();
    }

    /// <summary>Stream <paramref name="index"/>'s settings: greedy, or sampled with its own seed and end-of-text banned (so every stream runs to length).</summary>
    static SamplingSettings SamplingFor(BenchSettings settings, int index) => settings.Temperature <= 0
        ? SamplingSettings.Greedy with { RepetitionPenalty = settings.RepetitionPenalty }
        : new SamplingSettings
        {
            Temperature = settings.Temperature, TopK = settings.TopK, TopP = settings.TopP, RepetitionPenalty = settings.RepetitionPenalty,
            Seed = 1000 + index, BannedTokenIds = [Gpt2Tokenizer.EndOfText],
        };

    static async Task<GenerationResult> Drain(GenerationStream stream)
    {
        await foreach (var _ in stream.Deltas.ReadAllAsync())
        {
        }
        return await stream.Result;
    }
}
