using System.IO.MemoryMappedFiles;
using System.Text.Json;
using AdventureServer.Inference.Model;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Checkpoints;

/// <summary>
/// A SafeTensors file opened for reading: an 8-byte little-endian header length, a JSON header naming
/// each tensor's dtype, shape and byte range, then the data. The file is memory-mapped, so reading a
/// tensor copies its bytes once, from the page cache into a tensor, and a 6 GB checkpoint never sits in
/// the process twice. Every structural problem is a <see cref="CheckpointException"/> naming the file.
/// </summary>
public sealed unsafe class SafeTensorsFile : IDisposable
{
    // The format's own reference reader refuses headers over 100 MB; a larger length is a broken file.
    const long MaxHeaderBytes = 100_000_000;

    readonly MemoryMappedFile _map;
    readonly MemoryMappedViewAccessor _view;
    readonly byte* _data;
    readonly Dictionary<string, SafeTensorsEntry> _entries;

    SafeTensorsFile(string path, MemoryMappedFile map, MemoryMappedViewAccessor view, byte* data, Dictionary<string, SafeTensorsEntry> entries)
    {
        Path = path;
        _map = map;
        _view = view;
        _data = data;
        _entries = entries;
    }

    /// <summary>The file's path.</summary>
    public string Path { get; }

    /// <summary>The tensors the header lists, by name.</summary>
    public IReadOnlyDictionary<string, SafeTensorsEntry> Entries => _entries;

    /// <summary>Opens and checks a file: header length, JSON, dtypes, shapes against byte ranges, ranges in bounds and disjoint.</summary>
    public static SafeTensorsFile Open(string path)
    {
        if (!File.Exists(path))
            throw new CheckpointException(path, "does not exist.");
        var fileLength = new FileInfo(path).Length;
        if (fileLength < 8)
            throw new CheckpointException(path, $"is truncated: {fileLength} bytes, too short for the 8-byte header length.");

        var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        MemoryMappedViewAccessor? view = null;
        try
        {
            view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* start = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
            start += view.PointerOffset;

            var headerLength = System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(new ReadOnlySpan<byte>(start, 8));
            if (headerLength <= 0 || headerLength > MaxHeaderBytes)
                throw new CheckpointException(path, $"has a bad header length {headerLength} (the file is {fileLength} bytes).");
            if (8 + headerLength > fileLength)
                throw new CheckpointException(path, $"is truncated or has a bad header length: the header claims {headerLength} bytes but only {fileLength - 8} follow.");

            var header = new ReadOnlySpan<byte>(start + 8, (int)headerLength);
            var dataLength = fileLength - 8 - headerLength;
            var entries = ParseHeader(path, header, dataLength);
            return new SafeTensorsFile(path, map, view, start + 8 + headerLength, entries);
        }
        catch
        {
            if (view is not null)
            {
                view.SafeMemoryMappedViewHandle.ReleasePointer();
                view.Dispose();
            }
            map.Dispose();
            throw;
        }
    }

    static Dictionary<string, SafeTensorsEntry> ParseHeader(string path, ReadOnlySpan<byte> header, long dataLength)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header.ToArray());
        }
        catch (JsonException e)
        {
            throw new CheckpointException(path, $"has a header that is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new CheckpointException(path, "has a header that is not a JSON object.");
            var entries = new Dictionary<string, SafeTensorsEntry>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                    continue;
                entries[property.Name] = ParseEntry(path, property.Name, property.Value, dataLength);
            }
            CheckDisjoint(path, entries.Values);
            return entries;
        }
    }

    static SafeTensorsEntry ParseEntry(string path, string name, JsonElement value, long dataLength)
    {
        try
        {
            var dtype = value.GetProperty("dtype").GetString() ?? throw new CheckpointException(path, name, "has a null dtype.");
            var shape = value.GetProperty("shape").EnumerateArray().Select(size => size.GetInt64()).ToArray();
            var offsets = value.GetProperty("data_offsets").EnumerateArray().Select(offset => offset.GetInt64()).ToArray();
            if (offsets.Length != 2)
                throw new CheckpointException(path, name, $"has {offsets.Length} data_offsets; expected [begin, end].");
            if (shape.Any(size => size < 0))
                throw new CheckpointException(path, name, $"has a negative size in its shape [{string.Join(", ", shape)}].");

            var entry = new SafeTensorsEntry(name, dtype, shape, offsets[0], offsets[1]);
            if (entry.Begin < 0 || entry.End < entry.Begin)
                throw new CheckpointException(path, name, $"has bad data_offsets [{entry.Begin}, {entry.End}].");
            if (entry.End > dataLength)
                throw new CheckpointException(path, name, $"has data_offsets [{entry.Begin}, {entry.End}] past the end of the file's {dataLength} data bytes (truncated file?).");
            var elementSize = SafeTensorsDTypes.ElementSize(dtype)
                ?? throw new CheckpointException(path, name, $"has an unknown dtype '{dtype}'.");
            if (entry.ElementCount * elementSize != entry.ByteLength)
                throw new CheckpointException(path, name, $"has {entry.ByteLength} bytes but its shape {entry.ShapeText} of {dtype} needs {entry.ElementCount * elementSize}.");
            return entry;
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new CheckpointException(path, name, $"has a malformed header entry (needs dtype, shape and data_offsets): {e.Message}", e);
        }
    }

    static void CheckDisjoint(string path, IEnumerable<SafeTensorsEntry> entries)
    {
        SafeTensorsEntry? previous = null;
        foreach (var entry in entries.Where(e => e.ByteLength > 0).OrderBy(e => e.Begin))
        {
            if (previous is not null && entry.Begin < previous.End)
                throw new CheckpointException(path, entry.Name, $"has data_offsets [{entry.Begin}, {entry.End}] overlapping those of '{previous.Name}' [{previous.Begin}, {previous.End}].");
            previous = entry;
        }
    }

    /// <summary>The tensor's entry; a <see cref="CheckpointException"/> when the file has no such tensor.</summary>
    public SafeTensorsEntry Entry(string name) =>
        _entries.TryGetValue(name, out var entry) ? entry : throw new CheckpointException(Path, name, "is missing.");

    /// <summary>A new CPU tensor holding a copy of the stored tensor, in its stored dtype. The caller owns it.</summary>
    public Tensor Read(string name)
    {
        var entry = Entry(name);
        var dtype = SafeTensorsDTypes.ToScalarType(entry.DType)
            ?? throw new CheckpointException(Path, name, $"has dtype {entry.DType}, which TorchSharp cannot hold.");
        if (entry.ByteLength > int.MaxValue)
            throw new CheckpointException(Path, name, $"is {entry.ByteLength} bytes; tensors over 2 GiB are not supported.");

        var tensor = empty(entry.Shape, dtype, CPU);
        if (entry.ByteLength > 0)
            new ReadOnlySpan<byte>(_data + entry.Begin, (int)entry.ByteLength).CopyTo(tensor.bytes);
        return tensor;
    }

    public void Dispose()
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }
}
