using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using AdventureServer.Inference.Checkpoints;
using AdventureServer.Inference.Model;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Checkpoints;

/// <summary>Writes good and deliberately broken checkpoints into a temporary folder.</summary>
sealed class CheckpointFiles : IDisposable
{
    public CheckpointFiles()
    {
        Folder = Directory.CreateTempSubdirectory("checkpoint-tests-").FullName;
    }

    public string Folder { get; }

    public string Weights => Path.Combine(Folder, CheckpointLoader.WeightsFile);

    /// <summary>Saves <paramref name="model"/> as save_pretrained would, then rewrites its tensors through <paramref name="edit"/>.</summary>
    public void Save(Gpt2Model model, Func<List<(string Name, Tensor Tensor)>, List<(string Name, Tensor Tensor)>>? edit = null, ScalarType? storeAs = null)
    {
        CheckpointWriter.Save(model, Folder);
        if (edit is null && storeAs is null)
            return;
        var tensors = ReadAll(Weights);
        File.Delete(Weights);
        SafeTensorsWriter.Write(Weights, edit is null ? tensors : edit(tensors), storeAs: storeAs);
        foreach (var (_, tensor) in tensors)
            tensor.Dispose();
    }

    public static List<(string Name, Tensor Tensor)> ReadAll(string path)
    {
        using var file = SafeTensorsFile.Open(path);
        return [.. file.Entries.Values.OrderBy(e => e.Begin).Select(e => (e.Name, file.Read(e.Name)))];
    }

    /// <summary>Rewrites the weights file's JSON header (the data stays as it is).</summary>
    public void EditHeader(Action<JsonObject> edit)
    {
        var bytes = File.ReadAllBytes(Weights);
        var length = (int)BinaryPrimitives.ReadInt64LittleEndian(bytes);
        var header = JsonNode.Parse(Encoding.UTF8.GetString(bytes, 8, length))!.AsObject();
        edit(header);
        WriteRaw(Encoding.UTF8.GetBytes(header.ToJsonString()), bytes.AsSpan(8 + length).ToArray());
    }

    /// <summary>Writes the weights file from a raw header and data, with the header's true length.</summary>
    public void WriteRaw(byte[] header, byte[] data, long? claimedHeaderLength = null)
    {
        using var file = File.Create(Weights);
        var length = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(length, claimedHeaderLength ?? header.Length);
        file.Write(length);
        file.Write(header);
        file.Write(data);
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
