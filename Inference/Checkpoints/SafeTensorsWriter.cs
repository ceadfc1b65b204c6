using System.Text;
using System.Text.Json;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Checkpoints;

/// <summary>
/// Writes tensors as a SafeTensors file, one tensor at a time, each in its own dtype. The header is
/// padded with spaces to a multiple of 8 bytes, as the reference writer does, so the data is aligned.
/// </summary>
public static class SafeTensorsWriter
{
    /// <summary>Writes <paramref name="tensors"/> (name, tensor) to <paramref name="path"/>; each tensor is read once.</summary>
    /// <param name="path">The file to create or overwrite.</param>
    /// <param name="tensors">Tensors in file order; any device, any layout.</param>
    /// <param name="metadata">The optional <c>__metadata__</c> string map.</param>
    /// <param name="storeAs">Converts every tensor to this dtype as it is written; null keeps each tensor's own.</param>
    public static void Write(string path, IReadOnlyList<(string Name, Tensor Tensor)> tensors,
        IReadOnlyDictionary<string, string>? metadata = null, ScalarType? storeAs = null)
    {
        var header = new Dictionary<string, object>(StringComparer.Ordinal);
        if (metadata is not null)
            header["__metadata__"] = metadata;
        long offset = 0;
        foreach (var (name, tensor) in tensors)
        {
            var dtype = storeAs ?? tensor.dtype;
            var bytes = tensor.NumberOfElements * ElementSize(dtype);
            header[name] = new Dictionary<string, object>
            {
                ["dtype"] = SafeTensorsDTypes.FromScalarType(dtype),
                ["shape"] = tensor.shape,
                ["data_offsets"] = new[] { offset, offset + bytes },
            };
            offset += bytes;
        }

        var json = JsonSerializer.Serialize(header);
        var padding = (8 - Encoding.UTF8.GetByteCount(json) % 8) % 8;
        var headerBytes = Encoding.UTF8.GetBytes(json + new string(' ', padding));

        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        Span<byte> length = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(length, headerBytes.Length);
        file.Write(length);
        file.Write(headerBytes);
        foreach (var (_, tensor) in tensors)
        {
            // A contiguous CPU copy only when the tensor is not one already: its bytes are what we write.
            using var scope = NewDisposeScope();
            var cpu = tensor.detach().to(storeAs ?? tensor.dtype, CPU).contiguous();
            if (cpu.NumberOfElements > 0)
                file.Write(cpu.bytes);
        }
    }

    static int ElementSize(ScalarType dtype) =>
        SafeTensorsDTypes.ElementSize(SafeTensorsDTypes.FromScalarType(dtype)) ?? throw new ArgumentException($"No element size for {dtype}.", nameof(dtype));
}
