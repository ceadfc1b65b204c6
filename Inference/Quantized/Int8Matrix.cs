using System.Runtime.InteropServices;

namespace AdventureServer.Inference.Quantized;

/// <summary>
/// A weight matrix W (<c>[out, in]</c>, as <c>nn.Linear</c> and the tied output layer hold it) in Q8_0 style:
/// int8 values in blocks of <see cref="BlockSize"/> along the input dimension, one float32 scale per row and
/// block (<c>w ≈ scale · q</c>, <c>scale = max|w| / 127</c>), quantized once from float weights.
/// </summary>
/// <remarks>
/// The layout serves <see cref="Int8Kernel"/>: rows in groups of <see cref="GroupRows"/>; for each group and block,
/// 8 chunks of 32 bytes, chunk <c>k</c> holding input columns <c>4k .. 4k + 3</c> of the block for each of the
/// group's 8 rows, so one <c>vpdpbusd</c> with 4 broadcast activation bytes adds 4 products to 8 rows at once.
/// Values are stored offset by 128 (unsigned, as <c>vpdpbusd</c> wants its first operand); the kernel subtracts
/// 128 · Σx per block. Inputs not a multiple of 32 are padded with zero weights; rows beyond <c>out</c> in the
/// last group are zero and never written out.
/// </remarks>
public sealed unsafe class Int8Matrix : IDisposable
{
    /// <summary>Input columns per scale.</summary>
    public const int BlockSize = 32;

    /// <summary>Output rows one kernel step covers (one 256-bit vector of int32 sums).</summary>
    public const int GroupRows = 8;

    /// <summary>Bytes of one group's block: 8 rows × 32 values.</summary>
    internal const int GroupBlockBytes = GroupRows * BlockSize;

    byte* _values;
    float* _scales;
    float* _bias;

    /// <summary>Quantizes a row-major float32 matrix <paramref name="weights"/> of <paramref name="rows"/> × <paramref name="columns"/>.</summary>
    /// <param name="weights">Row-major <c>[rows, columns]</c> float32 weights.</param>
    /// <param name="rows">Output size.</param>
    /// <param name="columns">Input size (any; padded to a multiple of 32).</param>
    /// <param name="bias">The <paramref name="rows"/> biases added to each output, or empty for none.</param>
    public Int8Matrix(ReadOnlySpan<float> weights, int rows, int columns, ReadOnlySpan<float> bias = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if (weights.Length != (long)rows * columns)
            throw new ArgumentException($"Expected {rows} × {columns} weights, got {weights.Length}.", nameof(weights));
        if (!bias.IsEmpty && bias.Length != rows)
            throw new ArgumentException($"Expected {rows} biases, got {bias.Length}.", nameof(bias));
        Rows = rows;
        Columns = columns;
        Blocks = (columns + BlockSize - 1) / BlockSize;
        Groups = (rows + GroupRows - 1) / GroupRows;
        _values = (byte*)NativeMemory.AlignedAlloc((nuint)ValueBytes, 64);
        _scales = (float*)NativeMemory.AlignedAlloc((nuint)((long)Groups * Blocks * GroupRows * sizeof(float)), 64);
        if (!bias.IsEmpty)
        {
            _bias = (float*)NativeMemory.AlignedAlloc((nuint)(Groups * GroupRows * sizeof(float)), 64);
            new Span<float>(_bias, Groups * GroupRows).Clear();
            bias.CopyTo(new Span<float>(_bias, rows));
        }
        fixed (float* w = weights)
        {
            var source = w;
            Parallel.For(0, Groups, group => QuantizeGroup(source, group));
        }
    }

    /// <summary>Output size (rows of W).</summary>
    public int Rows { get; }

    /// <summary>Input size (columns of W).</summary>
    public int Columns { get; }

    /// <summary>Blocks of 32 along the input, the last one zero-padded.</summary>
    public int Blocks { get; }

    /// <summary>Groups of 8 output rows, the last one zero-padded.</summary>
    public int Groups { get; }

    /// <summary>Whether a bias is added to each output.</summary>
    public bool HasBias => _bias is not null;

    /// <summary>Bytes one product reads from this matrix: values, scales and bias.</summary>
    public long Bytes => ValueBytes + (long)Groups * Blocks * GroupRows * sizeof(float) + (HasBias ? Rows * sizeof(float) : 0);

    long ValueBytes => (long)Groups * Blocks * GroupBlockBytes;

    internal byte* Values => _values != null ? _values : throw new ObjectDisposedException(nameof(Int8Matrix));

    internal float* Scales => _scales;

    internal float* Bias => _bias;

    /// <summary>The dequantized weight at <paramref name="row"/>, <paramref name="column"/> (<c>scale · q</c>), for tests.</summary>
    public float Dequantized(int row, int column)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Rows, nameof(row));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)column, (uint)Columns, nameof(column));
        var (group, inGroup) = Math.DivRem(row, GroupRows);
        var (block, inBlock) = Math.DivRem(column, BlockSize);
        var (chunk, inChunk) = Math.DivRem(inBlock, 4);
        var value = Values[ValueOffset(group, block) + chunk * GroupRows * 4 + inGroup * 4 + inChunk] - 128;
        return value * Scales[((long)group * Blocks + block) * GroupRows + inGroup];
    }

    long ValueOffset(int group, int block) => ((long)group * Blocks + block) * GroupBlockBytes;

    void QuantizeGroup(float* weights, int group)
    {
        Span<float> values = stackalloc float[BlockSize];
        for (var block = 0; block < Blocks; block++)
        {
            var target = _values + ValueOffset(group, block);
            var scales = _scales + ((long)group * Blocks + block) * GroupRows;
            for (var inGroup = 0; inGroup < GroupRows; inGroup++)
            {
                var row = group * GroupRows + inGroup;
                values.Clear();
                if (row < Rows)
                {
                    var start = block * BlockSize;
                    new ReadOnlySpan<float>(weights + (long)row * Columns + start, Math.Min(BlockSize, Columns - start)).CopyTo(values);
                }
                var max = 0f;
                foreach (var v in values)
                    max = Math.Max(max, Math.Abs(v));
                var scale = max / 127f;
                var inverse = max > 0 ? 127f / max : 0f;
                scales[inGroup] = scale;
                for (var i = 0; i < BlockSize; i++)
                {
                    var q = (int)MathF.Round(values[i] * inverse);
                    target[(i / 4) * GroupRows * 4 + inGroup * 4 + i % 4] = (byte)(Math.Clamp(q, -127, 127) + 128);
                }
            }
        }
    }

    ~Int8Matrix() => Free();

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    void Free()
    {
        NativeMemory.AlignedFree(_values);
        NativeMemory.AlignedFree(_scales);
        NativeMemory.AlignedFree(_bias);
        _values = null;
        _scales = null;
        _bias = null;
    }
}
