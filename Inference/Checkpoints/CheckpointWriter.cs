using AdventureServer.Inference.Model;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Checkpoints;

/// <summary>
/// Saves a model as Hugging Face's <c>save_pretrained</c> does: <c>config.json</c> and a float32
/// <c>model.safetensors</c> with <c>transformer.</c>-prefixed names and Conv1D weights stored [in, out],
/// so both <c>transformers</c> and <see cref="CheckpointLoader"/> read it back.
/// </summary>
public static class CheckpointWriter
{
    /// <summary>Writes <paramref name="model"/> into <paramref name="folder"/> (created if needed).</summary>
    public static void Save(Gpt2Model model, string folder)
    {
        ArgumentNullException.ThrowIfNull(model);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.json"), model.Config.ToHuggingFaceJson());

        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var tensors = model.named_parameters()
            .Select(p => ("transformer." + p.name, HuggingFaceLayout(p.name, p.parameter)))
            .ToList();
        SafeTensorsWriter.Write(Path.Combine(folder, CheckpointLoader.WeightsFile), tensors,
            new Dictionary<string, string> { ["format"] = "pt" }, ScalarType.Float32);
    }

    // A transposed view costs nothing here; the writer converts and lays out each tensor one at a time.
    static Tensor HuggingFaceLayout(string name, Tensor parameter) =>
        CheckpointLoader.IsConv1DWeight(name) ? parameter.t() : parameter.alias();
}
