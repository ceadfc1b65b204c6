using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AdventureServer.Inference.Kernels;

/// <summary>
/// bfloat16 to and from float32, one value or a vector at a time: a bfloat16's bits are a float32's upper half, so
/// widening is a shift; narrowing rounds to nearest, ties to even, as libtorch rounds, and gives a NaN as the quiet NaN.
/// </summary>
internal static unsafe class BFloat16Bits
{
    /// <summary>One bfloat16 as float32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ToSingle(ushort bits) => BitConverter.Int32BitsToSingle(bits << 16);

    /// <summary>Eight bfloat16 values from <paramref name="p"/> as float32 (AVX2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Widen8(ushort* p) => Avx2.ShiftLeftLogical(Avx2.ConvertToVector256Int32(p), 16).AsSingle();

    /// <summary>Sixteen bfloat16 values as float32 (AVX-512F).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Widen16(Vector256<ushort> bits) => Avx512F.ShiftLeftLogical(Avx512F.ConvertToVector512Int32(bits), 16).AsSingle();

    /// <summary>One float32 as bfloat16 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort FromSingle(float value)
    {
        if (float.IsNaN(value))
            return 0x7FC0;
        var bits = BitConverter.SingleToUInt32Bits(value);
        return (ushort)((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);
    }

    /// <summary><paramref name="count"/> bfloat16 values as float32 (AVX2 for each 8).</summary>
    public static void Widen(ushort* from, float* to, int count)
    {
        var i = 0;
        for (; i + 8 <= count; i += 8)
            Widen8(from + i).Store(to + i);
        for (; i < count; i++)
            to[i] = ToSingle(from[i]);
    }

    /// <summary><paramref name="count"/> float32 values rounded to bfloat16 (AVX-512F for each 16, where the CPU has it).</summary>
    public static void Narrow(float* from, ushort* to, int count)
    {
        var i = 0;
        if (Avx512F.IsSupported)
            for (; i + 16 <= count; i += 16)
                Avx512F.ConvertToVector256UInt16(Rounded(Vector512.Load(from + i))).Store(to + i);
        for (; i < count; i++)
            to[i] = FromSingle(from[i]);
    }

    /// <summary>Eight float32 values rounded to bfloat16 into <paramref name="to"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Narrow8(Vector256<float> v, ushort* to)
    {
        var bits = v.AsUInt32();
        var rounded = (bits + Vector256.Create(0x7FFFu) + ((bits >> 16) & Vector256.Create(1u))) >> 16;
        var kept = Vector256.ConditionalSelect(Vector256.Equals(v, v).AsUInt32(), rounded, Vector256.Create(0x7FC0u));
        Vector128.Narrow(kept.GetLower(), kept.GetUpper()).Store(to);
    }

    /// <summary>Sixteen float32 values as bfloat16 bits, in the low half of each lane (narrow with <c>ConvertToVector256UInt16</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Rounded(Vector512<float> v)
    {
        var bits = v.AsUInt32();
        var rounded = (bits + Vector512.Create(0x7FFFu) + ((bits >> 16) & Vector512.Create(1u))) >> 16;
        return Vector512.ConditionalSelect(Vector512.Equals(v, v).AsUInt32(), rounded, Vector512.Create(0x7FC0u));
    }
}
