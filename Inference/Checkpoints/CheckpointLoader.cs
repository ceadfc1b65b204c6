using System.Text.Json;
using System.Text.RegularExpressions;
using AdventureServer.Inference.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Checkpoints;

/// <summary>
/// Loads a GPT-2 from a Hugging Face folder: <c>config.json</c> plus <c>model.safetensors</c> or the
/// shards a <c>model.safetensors.index.json</c> lists. Accepts keys with or without <c>transformer.</c>,
/// F32/F16/BF16 storage (converted to the requested dtype), and transposes the Conv1D weights, which
/// Hugging Face stores [in, out]. Anything else that does not fit the model is a
/// <see cref="CheckpointException"/> naming the file and tensor: a model that loads is the model on disk.
/// </summary>
public static partial class CheckpointLoader
{
    /// <summary>The single-file weights' name.</summary>
    public const string WeightsFile = "model.safetensors";

    /// <summary>The shard index's name.</summary>
    public const string IndexFile = "model.safetensors.index.json";

    const string Prefix = "transformer.";

    /// <summary>Reads the checkpoint in <paramref name="folder"/> into a new model on <paramref name="device"/> in <paramref name="dtype"/>.</summary>
    public static Gpt2Model Load(string folder, Device device, ScalarType dtype)
    {
        if (!Directory.Exists(folder))
            throw new CheckpointException(folder, "is not a folder.");
        var configPath = Path.Combine(folder, "config.json");
        if (!File.Exists(configPath))
            throw new CheckpointException(configPath, "does not exist; a Hugging Face model folder needs config.json.");
        var config = Gpt2Config.Load(configPath);
        var (files, describedBy) = WeightFiles(folder);

        var model = new Gpt2Model(config);
        try
        {
            model.to(dtype).to(device);
            LoadWeights(model, files, describedBy);
            model.eval();
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>True for the weights GPT-2's Conv1D layers store [in, out]: <c>c_attn</c>, <c>c_proj</c> and <c>c_fc</c>.</summary>
    public static bool IsConv1DWeight(string name) =>
        name.EndsWith(".weight", StringComparison.Ordinal)
        && (name.EndsWith("attn.c_attn.weight", StringComparison.Ordinal)
            || name.EndsWith("attn.c_proj.weight", StringComparison.Ordinal)
            || name.EndsWith("mlp.c_fc.weight", StringComparison.Ordinal)
            || name.EndsWith("mlp.c_proj.weight", StringComparison.Ordinal));

    static (IReadOnlyList<string> Files, string DescribedBy) WeightFiles(string folder)
    {
        var single = Path.Combine(folder, WeightsFile);
        if (File.Exists(single))
            return ([single], single);
        var index = Path.Combine(folder, IndexFile);
        if (!File.Exists(index))
            throw new CheckpointException(folder, $"has neither {WeightsFile} nor {IndexFile}.");

        Dictionary<string, string>? weightMap;
        try
        {
            using var stream = File.OpenRead(index);
            using var document = JsonDocument.Parse(stream);
            weightMap = document.RootElement.GetProperty("weight_map").Deserialize<Dictionary<string, string>>();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new CheckpointException(index, $"is not a valid shard index (needs a weight_map object): {e.Message}", e);
        }
        if (weightMap is null || weightMap.Count == 0)
            throw new CheckpointException(index, "has an empty weight_map.");

        var shards = weightMap.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        foreach (var shard in shards)
        {
            if (Path.IsPathRooted(shard) || shard.Contains("..", StringComparison.Ordinal))
                throw new CheckpointException(index, $"names shard '{shard}' outside the model folder.");
            if (!File.Exists(Path.Combine(folder, shard)))
                throw new CheckpointException(index, $"names shard '{shard}', which does not exist.");
        }
        return (shards.Select(shard => Path.Combine(folder, shard)).ToList(), index);
    }

    static void LoadWeights(Gpt2Model model, IReadOnlyList<string> files, string describedBy)
    {
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter, StringComparer.Ordinal);
        var loadedFrom = new Dictionary<string, string>(StringComparer.Ordinal);
        using var _ = no_grad();
        foreach (var path in files)
        {
            using var file = SafeTensorsFile.Open(path);
            foreach (var entry in file.Entries.Values.OrderBy(e => e.Begin))
            {
                var name = entry.Name.StartsWith(Prefix, StringComparison.Ordinal) ? entry.Name[Prefix.Length..] : entry.Name;
                if (IsIgnored(name))
                    continue;
                if (!parameters.TryGetValue(name, out var parameter))
                    throw new CheckpointException(path, entry.Name, "is not a GPT-2 weight this model has (a different architecture or config?).");
                if (loadedFrom.TryGetValue(name, out var earlier))
                    throw new CheckpointException(path, entry.Name, $"is stored twice (also in {earlier}).");
                CopyInto(file, entry, parameter, IsConv1DWeight(name));
                loadedFrom[name] = path;
            }
        }

        var missing = parameters.Keys.Where(name => !loadedFrom.ContainsKey(name)).ToList();
        if (missing.Count > 0)
            throw new CheckpointException(describedBy, missing[0], missing.Count == 1 ? "is missing." : $"is missing (and {missing.Count - 1} more: {string.Join(", ", missing.Skip(1).Take(5))}).");
    }

    static void CopyInto(SafeTensorsFile file, SafeTensorsEntry entry, Tensor parameter, bool transpose)
    {
        if (entry.DType is not ("F32" or "F16" or "BF16"))
            throw new CheckpointException(file.Path, entry.Name, $"has unsupported dtype {entry.DType}; GPT-2 weights must be F32, F16 or BF16.");
        var expected = transpose ? parameter.shape.Reverse().ToArray() : parameter.shape;
        if (!entry.Shape.SequenceEqual(expected))
            throw new CheckpointException(file.Path, entry.Name, $"has shape {entry.ShapeText}, expected [{string.Join(", ", expected)}].");

        // One tensor's bytes at a time: mapped file → staging tensor → parameter (copy_ converts dtype and device).
        using var staging = file.Read(entry.Name);
        using var source = transpose ? staging.t() : staging.alias();
        parameter.copy_(source);
    }

    static bool IsIgnored(string name) => name == "lm_head.weight" || AttentionBuffer().IsMatch(name);

    // Old checkpoints carry the causal mask and its fill value as buffers; the model builds its own.
    [GeneratedRegex(@"^h\.\d+\.attn\.(bias|masked_bias)$")]
    private static partial Regex AttentionBuffer();
}
