using AdventureServer.Inference.Checkpoints;
using AdventureServer.Inference.Devices;
using AdventureServer.Inference.Model;
using AdventureServer.Inference.Models;
using AdventureServer.Inference.Text;
using TorchSharp;

namespace AdventureServer.Inference.Loading;

/// <summary>Builds the served model from <see cref="InferenceOptions"/>: a checkpoint folder, or random weights of a GPT-2 shape.</summary>
public static class ModelLoader
{
    /// <summary>Loads the configured model onto the configured device and dtype, ready for inference, and sets libtorch's threads for it (<see cref="IntraOpThreads"/>).</summary>
    /// <param name="options">Device, dtype, and <see cref="InferenceOptions.Model"/> or <see cref="InferenceOptions.RandomWeights"/>.</param>
    /// <param name="randomSeed">The seed of random weights (ignored for a checkpoint).</param>
    public static LoadedModel Load(InferenceOptions options, long randomSeed = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        var target = DeviceResolver.Resolve(options);
        var (name, model) = !string.IsNullOrWhiteSpace(options.RandomWeights)
            ? ($"random:{options.RandomWeights}", Random(options.RandomWeights, randomSeed, target))
            : (ModelName(options.Model), FromFolder(options.Model, target));
        IntraOpThreads.Apply(target);
        return new LoadedModel(name, model.PrepareForInference(target.Int8Weights), Gpt2Tokenizer.Shared, target);
    }

    /// <summary>The bundled default model's folder, beside the executable.</summary>
    public static string DefaultModelFolder => Path.Combine(AppContext.BaseDirectory, "DefaultModel");

    static Gpt2Model FromFolder(string spec, ComputeTarget target)
    {
        // Runs at start-up or on the worker's own thread, never under a synchronisation context.
        var folder = string.IsNullOrWhiteSpace(spec) ? DefaultModelFolder
            : ModelSource.IsHub(spec) ? ModelSource.ResolveAsync(spec).GetAwaiter().GetResult()
            : spec;
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

    static string ModelName(string spec) => string.IsNullOrWhiteSpace(spec) ? "adventure-default"
        : ModelSource.IsHub(spec) ? spec[ModelSource.HubPrefix.Length..]
        : Path.GetFileName(Path.TrimEndingDirectorySeparator(spec));
}
