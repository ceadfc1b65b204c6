using System.CommandLine;
using AdventureServer.Inference;

namespace AdventureServer.Server.Cli;

/// <summary>The options every model-running verb shares: which model, on which device, in which dtype.</summary>
public sealed class ModelSelectionOptions
{
    readonly Option<string?> _model = new("--model") { Description = "A Hugging Face model folder (config.json + model.safetensors), or hf:NAME; the bundled default model when neither this nor --random-weights is given." };

    readonly Option<string?> _randomWeights = new Option<string?>("--random-weights")
    {
        Description = "Instead of --model: random weights of a GPT-2 size (for speed work).",
    }.AcceptOnlyFromAmong("gpt2", "gpt2-medium", "gpt2-large", "gpt2-xl");

    readonly Option<string> _device = new Option<string>("--device")
    {
        Description = "auto (CUDA when present), cpu or cuda.",
        DefaultValueFactory = _ => "auto",
    }.AcceptOnlyFromAmong("auto", "cpu", "cuda");

    readonly Option<string> _dtype = new Option<string>("--dtype")
    {
        Description = "auto (float16 on CUDA; on the CPU bfloat16 where it has avx512_bf16 or AMX, else float32), float32, float16, bfloat16, or int8 (CPU only: Q8_0-style int8 weights, float32 activations).",
        DefaultValueFactory = _ => "auto",
    }.AcceptOnlyFromAmong("auto", "float32", "float16", "bfloat16", "int8");

    /// <summary>Adds the options to <paramref name="command"/>, with a check that at most one model source is given (none: the bundled default model).</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(_model);
        command.Options.Add(_randomWeights);
        command.Options.Add(_device);
        command.Options.Add(_dtype);
        command.Validators.Add(result =>
        {
            var hasModel = !string.IsNullOrWhiteSpace(result.GetValue(_model));
            var hasRandom = !string.IsNullOrWhiteSpace(result.GetValue(_randomWeights));
            if (hasModel && hasRandom)
                result.AddError("Give either --model DIR or --random-weights SIZE, not both.");
        });
    }

    /// <summary>The inference options the parsed values describe.</summary>
    public InferenceOptions ToInferenceOptions(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return new InferenceOptions
        {
            Model = parse.GetValue(_model) ?? "",
            RandomWeights = parse.GetValue(_randomWeights),
            Device = parse.GetValue(_device) ?? "auto",
            DType = parse.GetValue(_dtype) ?? "auto",
        };
    }
}
