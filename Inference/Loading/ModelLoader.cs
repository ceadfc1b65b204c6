using AdventureServer.Inference.Checkpoints;
using AdventureServer.Inference.Devices;
using AdventureServer.Inference.Model;
using AdventureServer.Inference.Text;
using TorchSharp;

namespace AdventureServer.Inference.Loading;

/// <summary>Builds the served model from <see cref="InferenceOptions"/>: a checkpoint folder, or random weights of a GPT-2 shape.</summary>
public static class ModelLoader
{
    /// <summary>Loads the configured model onto the configured device and dtype, ready for inference.</summary>
    /// <param name="options">Device, dtype, and <see cref="InferenceOptions.Model"/> or <see cref="InferenceOptions.RandomWeights"/>.</param>
    /// <param name="randomSeed">The seed of random weights (ignored for a checkpoint).</param>
    public static LoadedModel Load(InferenceOptions options, long randomSeed = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        var target = DeviceResolver.Resolve(options);
        var (name, model) = !string.IsNullOrWhiteSpace(options.RandomWeights)
            ? ($"random:{options.RandomWeights}", Random(options.RandomWeights, randomSeed, target))
            : (ModelName(options.Model), FromFolder(options.Model, target));
        return new LoadedModel(name, model.PrepareForInference(), Gpt2Tokenizer.Shared, target);
    }

    static Gpt2Model FromFolder(string folder, ComputeTarget target)
    {
        if (string.IsNullOrWhiteSpace(folder))
            throw new InvalidOperationException("No model is configured: set Inference:Model to a Hugging Face model folder (or use random weights).");
        if (folder.StartsWith("hf:", StringComparison.Ordinal))
            throw new InvalidOperationException($"'{folder}': downloading from the Hugging Face hub is not supported; download the folder (config.json, model.safetensors) and point Inference:Model at it.");
        return CheckpointLoader.Load(folder, target.Device, target.DType);
    }

    static Gpt2Model Random(string size, long seed, ComputeTarget target)
    {
        var model = new Gpt2Model(Gpt2Config.Named(size));
        try
        {
            // Initialise in float32 on the CPU, so a seed gives the same weights on every device, then move.
            model.InitialiseRandomly(seed);
            model.to(target.DType).to(target.Device);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    static string ModelName(string folder) => Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
}
