namespace AdventureServer.Inference.Quantized;

/// <summary>Which instructions <see cref="Int8Kernel"/> runs the integer dot products with.</summary>
public enum Int8KernelPath
{
    /// <summary>Plain C#: correct everywhere, several times slower than float32 weights (gpt2 on a Zen 3: 143–152 against 35–39 ms a token).</summary>
    Scalar,

    /// <summary>AVX-VNNI <c>vpdpbusd</c> on 256-bit vectors (x86 CPUs with <c>avx_vnni</c>, .NET's <see cref="System.Runtime.Intrinsics.X86.AvxVnni"/>).</summary>
    AvxVnni,

    /// <summary>AVX2 <c>vpmaddubsw</c> and <c>vpmaddwd</c> over the same layout, for x86 CPUs without AVX-VNNI (the same bits as <see cref="AvxVnni"/>).</summary>
    Avx2,
}
