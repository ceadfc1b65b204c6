using System.CommandLine;
using System.Text.Json;
using AdventureServer.Inference.Generation;
using AdventureServer.Inference.Loading;
using AdventureServer.Inference.Model;
using AdventureServer.Inference.Sampling;
using AdventureServer.Inference.Text;

namespace AdventureServer.Server.Cli;

/// <summary>
/// <c>bench-single</c>: decode speed of one sequence on the sequential path (<see cref="Gpt2Generator"/>),
/// the baseline the batching worker is measured against. The last line is a JSON object for scripts.
/// </summary>
public static class BenchSingleCommand
{
    public static Command Create()
    {
        var model = new ModelSelectionOptions();
        var promptTokens = new Option<int>("--prompt-tokens") { Description = "Prompt length (random token ids).", DefaultValueFactory = _ => 128 };
        var newTokens = new Option<int>("--new-tokens") { Description = "Tokens generated per run.", DefaultValueFactory = _ => 64 };
        var runs = new Option<int>("--runs") { Description = "Measured runs after the warm-up; the median is reported.", DefaultValueFactory = _ => 3 };

        var command = new Command("bench-single", "Measure prefill and decode speed of one sequence.") { promptTokens, newTokens, runs };
        model.AddTo(command);
        command.SetAction(parse => Run(model.ToInferenceOptions(parse), parse.GetValue(promptTokens), parse.GetValue(newTokens), Math.Max(1, parse.GetValue(runs))));
        return command;
    }

    static int Run(Inference.InferenceOptions options, int promptLength, int newTokens, int runs)
    {
        try
        {
            using var loaded = ModelLoader.Load(options);
            var window = loaded.Model.Config.NPositions;
            if (promptLength < 1 || newTokens < 2 || promptLength + newTokens > window)
                throw new ArgumentException($"Need 1 ≤ prompt tokens, 2 ≤ new tokens, and their sum ≤ the window ({window}).");

            var random = new Random(1234);
            var prompt = Enumerable.Range(0, promptLength).Select(_ => random.Next(Gpt2Tokenizer.EndOfText)).ToArray();
            // Greedy, with end-of-text banned, so every run decodes exactly the tokens asked for.
            var sampling = SamplingSettings.Greedy with { BannedTokenIds = [Gpt2Tokenizer.EndOfText] };
            var generator = new Gpt2Generator(loaded.Model, loaded.Tokenizer);

            Console.WriteLine($"{loaded.Name} on {loaded.Target.DeviceName} {loaded.Target.DTypeName} ({loaded.Target.DTypeReason}), {BenchReport.Threads()}: " +
                $"prompt {promptLength} tokens, {newTokens} new tokens, 1 warm-up + {runs} runs");
            generator.Generate(prompt, sampling, [], newTokens);

            var results = new List<GenerationSummary>();
            for (var run = 0; run < runs; run++)
            {
                var summary = generator.Generate(prompt, sampling, [], newTokens);
                results.Add(summary);
                Console.WriteLine($"  run {run + 1}: prefill {summary.Prefill.TotalMilliseconds:F1} ms, decode {summary.MillisecondsPerDecodeStep:F2} ms/token");
            }

            var prefillMs = Median(results.Select(r => r.Prefill.TotalMilliseconds));
            var msPerToken = Median(results.Select(r => r.MillisecondsPerDecodeStep));
            var bandwidth = BenchBandwidth.Measure(loaded.Model);
            Console.WriteLine($"prefill: {prefillMs:F1} ms for {promptLength} tokens");
            Console.WriteLine($"decode: {msPerToken:F2} ms/token, {1000 / msPerToken:F1} tokens/s; {bandwidth.Describe(1000 / msPerToken)}");
            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["mode"] = "single",
                ["device"] = loaded.Target.DeviceName,
                ["dtype"] = loaded.Target.DTypeName,
                ["dtype_reason"] = loaded.Target.DTypeReason,
                ["weight_bytes_per_step"] = bandwidth.WeightBytes,
                ["read_gb_per_s"] = Math.Round(bandwidth.ReadBytesPerSecond / 1e9, 2),
                ["copy_gb_per_s"] = Math.Round(bandwidth.CopyBytesPerSecond / 1e9, 2),
                ["bandwidth_fraction"] = Math.Round(bandwidth.Fraction(1000 / msPerToken), 3),
                ["prompt_tokens"] = promptLength,
                ["new_tokens"] = newTokens,
                ["prefill_ms"] = Math.Round(prefillMs, 2),
                ["ms_per_token"] = Math.Round(msPerToken, 3),
                ["tokens_per_s"] = Math.Round(1000 / msPerToken, 2),
                ["model"] = loaded.Name,
                ["runs"] = runs,
            }));
            return 0;
        }
        catch (Exception e) when (e is CheckpointException or ArgumentException or InvalidOperationException)
        {
            Console.Error.WriteLine($"bench-single: {e.Message}");
            return 1;
        }
    }

    static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
