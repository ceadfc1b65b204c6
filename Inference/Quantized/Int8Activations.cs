using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AdventureServer.Inference.Quantized;

/// <summary>
/// Rows of activations x quantized as the kernel reads them: per row and block of 32, int8 values
/// (<c>x ≈ scale · q</c>, zero-padded past the input size), the scale, and 128 · Σq (the correction for
/// the weights' offset of 128). A reusable buffer: <see cref="Quantize"/> grows it as needed.
/// </summary>
internal sealed unsafe class Int8Activations : IDisposable
{
    long _capacityRows;
    int _capacityBlocks;

    public int Rows { get; private set; }

    public int Blocks { get; private set; }

    public sbyte* Values { get; private set; }

    public float* Scales { get; private set; }

    public int* OffsetSums { get; private set; }

    /// <summary>Quantizes <paramref name="rows"/> rows of <paramref name="columns"/> float32 values at <paramref name="x"/>.</summary>
    public void Quantize(float* x, int rows, int columns)
    {
        var blocks = (columns + Int8Matrix.BlockSize - 1) / Int8Matrix.BlockSize;
        Ensure(rows, blocks);
        Rows = rows;
        Blocks = blocks;
        var full = columns / Int8Matrix.BlockSize;
        Span<float> padded = stackalloc float[Int8Matrix.BlockSize];
        for (var row = 0; row < rows; row++)
        {
            var source = x + (long)row * columns;
            var values = Values + (long)row * blocks * Int8Matrix.BlockSize;
            var scales = Scales + (long)row * blocks;
            var sums = OffsetSums + (long)row * blocks;
            for (var block = 0; block < full; block++)
                QuantizeFullBlock(source + block * Int8Matrix.BlockSize, values + block * Int8Matrix.BlockSize, out scales[block], out sums[block]);
            if (full < blocks)
            {
                padded.Clear();
                new ReadOnlySpan<float>(source + full * Int8Matrix.BlockSize, columns - full * Int8Matrix.BlockSize).CopyTo(padded);
                fixed (float* p = padded)
                    QuantizeFullBlock(p, values + full * Int8Matrix.BlockSize, out scales[full], out sums[full]);
            }
        }
    }

    static void QuantizeFullBlock(float* x, sbyte* q, out float scale, out int offsetSum)
    {
        var v0 = Vector256.Load(x);
        var v1 = Vector256.Load(x + 8);
        var v2 = Vector256.Load(x + 16);
        var v3 = Vector256.Load(x + 24);
        var max = Vector256.Max(Vector256.Max(Vector256.Abs(v0), Vector256.Abs(v1)), Vector256.Max(Vector256.Abs(v2), Vector256.Abs(v3)));
        var amax = HorizontalMax(max);
        scale = amax / 127f;
        var inverse = Vector256.Create(amax > 0 ? 127f / amax : 0f);
        var i0 = Vector256.ConvertToInt32(Vector256.Round(v0 * inverse));
        var i1 = Vector256.ConvertToInt32(Vector256.Round(v1 * inverse));
        var i2 = Vector256.ConvertToInt32(Vector256.Round(v2 * inverse));
        var i3 = Vector256.ConvertToInt32(Vector256.Round(v3 * inverse));
        offsetSum = 128 * Vector256.Sum(i0 + i1 + i2 + i3);
        var bytes = Vector256.Narrow(Vector256.Narrow(i0, i1), Vector256.Narrow(i2, i3));
        bytes.Store(q);
    }

    static float HorizontalMax(Vector256<float> v)
    {
        var m = Vector128.Max(v.GetLower(), v.GetUpper());
        m = Vector128.Max(m, Vector128.Shuffle(m, Vector128.Create(2, 3, 0, 1)));
        m = Vector128.Max(m, Vector128.Shuffle(m, Vector128.Create(1, 0, 3, 2)));
        return m.ToScalar();
    }

    void Ensure(int rows, int blocks)
    {
        if (rows <= _capacityRows && blocks <= _capacityBlocks)
            return;
        Free();
        _capacityRows = Math.Max(rows, _capacityRows);
        _capacityBlocks = Math.Max(blocks, _capacityBlocks);
        var cells = _capacityRows * _capacityBlocks;
        Values = (sbyte*)NativeMemory.AlignedAlloc((nuint)(cells * Int8Matrix.BlockSize), 64);
        Scales = (float*)NativeMemory.AlignedAlloc((nuint)(cells * sizeof(float)), 64);
        OffsetSums = (int*)NativeMemory.AlignedAlloc((nuint)(cells * sizeof(int)), 64);
    }

    ~Int8Activations() => Free();

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    void Free()
    {
        NativeMemory.AlignedFree(Values);
        NativeMemory.AlignedFree(Scales);
        NativeMemory.AlignedFree(OffsetSums);
        Values = null;
        Scales = null;
        OffsetSums = null;
    }
}
