using AdventureServer.Inference;
using AdventureServer.Inference.Devices;
using System.Globalization;
using System.Text.Json;

namespace AdventureServer.Server.Cli;

/// <summary>Prints the benchmark's table and, as the last line, its JSON summary.</summary>
internal static class BenchReport
{
    public static void Write(BenchSettings settings, ComputeTarget target, BenchFigures batched, BenchFigures single,
        BenchFigures sequential, int matchingOutputs, BenchBandwidth bandwidth)
    {
        var device = target.DeviceName;
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine(string.Create(c, $"{"phase",-28} {"tokens",7} {"wall s",8} {"tok/s",8} {"TTFT p50",9} {"TTFT p99",9} {"ITL p50",8} {"ITL p99",8}"));
        foreach (var (name, f) in new[] { ($"worker, {settings.Streams} streams", batched), ("worker, 1 stream", single), ("sequential, one at a time", sequential) })
            Console.WriteLine(string.Create(c, $"{name,-28} {f.Tokens,7} {f.WallSeconds,8:F2} {f.TokensPerSecond,8:F1} {f.TtftP50,9:F1} {f.TtftP99,9:F1} {f.ItlP50,8:F1} {f.ItlP99,8:F1}"));
        var speedup = batched.TokensPerSecond / sequential.TokensPerSecond;
        var itlRatio = single.ItlP99 > 0 ? batched.ItlP99 / single.ItlP99 : 0;
        Console.WriteLine(string.Create(c, $"speedup {speedup:F2}x; ITL p99 at {settings.Streams} streams / 1 stream = {itlRatio:F2}; " +
            $"{matchingOutputs}/{settings.Streams} outputs equal the sequential ones token for token (times in ms)"));
        // One stream decodes a step per token; N streams decode about N tokens a step once all are in.
        var singleSteps = single.ItlP50 > 0 ? 1000 / single.ItlP50 : 0;
        var batchedSteps = batched.TokensPerSecond / settings.Streams;
        Console.WriteLine($"memory: 1 stream {bandwidth.Describe(singleSteps)}; {settings.Streams} streams {bandwidth.Describe(batchedSteps)} " +
            $"({bandwidth.WeightBytes / 1e6:F0} MB of weights a step)");
        Console.WriteLine(string.Create(c, $"start-up: the {settings.Streams}-stream worker ran its step shapes once in {batched.WarmUpMs:F0} ms before serving"));
        var summary = new Dictionary<string, object>
        {
            ["aggregate_tokens_per_s"] = Math.Round(batched.TokensPerSecond, 2),
            ["sequential_tokens_per_s"] = Math.Round(sequential.TokensPerSecond, 2),
            ["speedup"] = Math.Round(speedup, 3),
            ["ttft_p50_ms"] = Math.Round(batched.TtftP50, 1),
            ["ttft_p99_ms"] = Math.Round(batched.TtftP99, 1),
            ["itl_p50_ms"] = Math.Round(batched.ItlP50, 1),
            ["itl_p99_ms"] = Math.Round(batched.ItlP99, 1),
            ["single_stream_itl_p50_ms"] = Math.Round(single.ItlP50, 1),
            ["single_stream_itl_p99_ms"] = Math.Round(single.ItlP99, 1),
            ["itl_p99_ratio"] = Math.Round(itlRatio, 3),
            ["sequential_itl_p50_ms"] = Math.Round(sequential.ItlP50, 1),
            ["sequential_ms_per_token_p99"] = Math.Round(sequential.ItlP99, 1),
            ["sequential_ttft_p50_ms"] = Math.Round(sequential.TtftP50, 1),
            ["outputs_equal_sequential"] = matchingOutputs,
            ["temperature"] = settings.Temperature,
            ["top_k"] = settings.TopK,
            ["top_p"] = settings.TopP,
            ["repetition_penalty"] = settings.RepetitionPenalty,
            ["warm_up_ms"] = Math.Round(batched.WarmUpMs, 1),
            ["streams"] = settings.Streams,
            ["prompt_tokens"] = settings.PromptTokens,
            ["new_tokens"] = settings.NewTokens,
            ["stagger_ms"] = settings.StaggerMs,
            ["prefill_chunk_tokens"] = settings.PrefillChunk,
            ["batch_invariant"] = settings.BatchInvariant,
            ["step_token_budget"] = InferenceOptions.StepTokenBudgetFor(settings.StepTokenBudget, onCpu: device == "cpu"),
            ["device"] = device,
            ["cuda_graphs_captured"] = batched.CudaGraphs,
            ["dtype"] = target.DTypeName,
            ["dtype_reason"] = target.DTypeReason,
            ["weight_bytes_per_step"] = bandwidth.WeightBytes,
            ["read_gb_per_s"] = Math.Round(bandwidth.ReadBytesPerSecond / 1e9, 2),
            ["copy_gb_per_s"] = Math.Round(bandwidth.CopyBytesPerSecond / 1e9, 2),
            ["single_stream_bandwidth_fraction"] = Math.Round(bandwidth.Fraction(singleSteps), 3),
            ["bandwidth_fraction"] = Math.Round(bandwidth.Fraction(batchedSteps), 3),
            ["threads"] = TorchSharp.torch.get_num_threads(),
            ["load_average_1m"] = LoadAverage(),
        };
        Console.WriteLine(JsonSerializer.Serialize(summary));
    }

    /// <summary>libtorch's intra-op threads, and the C# kernels' (int8 products, one-query attention).</summary>
    internal static string Threads() =>
        $"libtorch {TorchSharp.torch.get_num_threads()} thread(s), C# kernels {AdventureServer.Inference.Quantized.KernelThreads.Shared.Count}";

    /// <summary>
    /// The machine's 1-minute load average at the end (Linux; −1 elsewhere): on a shared machine, figures
    /// taken under a load above the core count are not comparable with quiet ones.
    /// </summary>
    internal static double LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return -1;
        }
    }
}
