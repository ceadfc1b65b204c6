using System.CommandLine;
using AdventureServer.Inference.Generation;
using AdventureServer.Inference.Loading;
using AdventureServer.Inference.Model;
using AdventureServer.Inference.Sampling;
using AdventureServer.Inference.Text;

namespace AdventureServer.Server.Cli;

/// <summary><c>generate</c>: continues a prompt with one model, streaming the text to stdout as it is decoded.</summary>
public static class GenerateCommand
{
    public static Command Create()
    {
        var model = new ModelSelectionOptions();
        var prompt = new Option<string>("--prompt") { Description = "The text to continue.", Required = true };
        var maxNewTokens = new Option<int>("--max-new-tokens") { Description = "The most tokens to generate.", DefaultValueFactory = _ => 64 };
        var temperature = new Option<float>("--temperature") { Description = "0 is greedy; higher is more random.", DefaultValueFactory = _ => 1f };
        var topK = new Option<int>("--top-k") { Description = "Sample among the k most likely tokens (0: all).", DefaultValueFactory = _ => 0 };
        var topP = new Option<float>("--top-p") { Description = "Sample among the most likely tokens whose probability reaches p.", DefaultValueFactory = _ => 1f };
        var repetitionPenalty = new Option<float>("--repetition-penalty") { Description = "Penalise tokens already in the text (1: off).", DefaultValueFactory = _ => 1f };
        var seed = new Option<long?>("--seed") { Description = "Makes the generation reproducible." };
        var stop = new Option<string[]>("--stop") { Description = @"Text that ends the generation, never shown (repeatable; \n, \t and \uXXXX are escapes)." };

        var command = new Command("generate", "Generate text from a prompt with one GPT-2, streaming it to stdout.")
        {
            prompt, maxNewTokens, temperature, topK, topP, repetitionPenalty, seed, stop,
        };
        model.AddTo(command);
        command.SetAction(parse =>
        {
            var sampling = new SamplingSettings
            {
                Temperature = parse.GetValue(temperature),
                TopK = parse.GetValue(topK),
                TopP = parse.GetValue(topP),
                RepetitionPenalty = parse.GetValue(repetitionPenalty),
                Seed = parse.GetValue(seed),
            };
            return Run(model.ToInferenceOptions(parse), parse.GetValue(prompt) ?? "", sampling, [.. (parse.GetValue(stop) ?? []).Select(EscapedText.Unescape)], parse.GetValue(maxNewTokens));
        });
        return command;
    }

    static int Run(Inference.InferenceOptions options, string prompt, SamplingSettings sampling, string[] stops, int maxNewTokens)
    {
        try
        {
            using var loaded = ModelLoader.Load(options);
            var tokens = loaded.Tokenizer.Encode(prompt);
            if (tokens.Length == 0)
                tokens = [Gpt2Tokenizer.EndOfText]; // GPT-2 starts a document after end-of-text
            var generator = new Gpt2Generator(loaded.Model, loaded.Tokenizer);
            var summary = generator.Generate(tokens, sampling, stops, maxNewTokens, delta =>
            {
                Console.Out.Write(delta);
                Console.Out.Flush();
            });
            Console.Out.WriteLine();
            Console.Error.WriteLine(
                $"[{summary.FinishReason.ToString().ToLowerInvariant()}: {summary.PromptTokens} prompt + {summary.CompletionTokens} new tokens, " +
                $"prefill {summary.Prefill.TotalMilliseconds:F0} ms, {summary.MillisecondsPerDecodeStep:F1} ms/token, " +
                $"{loaded.Name} on {loaded.Target.DeviceName} {loaded.Target.DTypeName}, seed {summary.Seed}]");
            return 0;
        }
        catch (Exception e) when (e is CheckpointException or ArgumentException or InvalidOperationException)
        {
            Console.Error.WriteLine($"generate: {e.Message}");
            return 1;
        }
    }
}
