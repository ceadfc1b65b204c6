using System.Runtime.CompilerServices;
using AdventureServer.Inference.Devices;
using TorchSharp;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Kernels;

/// <summary>
/// What <see cref="BFloat16Linear"/> and <see cref="Float32Linear"/> need to know of a layer's weight or bias, read from
/// libtorch once and kept beside the tensor: a decode step asks for gpt2's 49 weights every step, and each fact is a
/// native call (its shape, dtype, device, layout, address: about 15 calls a layer, a tenth of a small product's time).
/// Kept while the tensor keeps its native handle; a weight's storage does not move under it (loading and training write
/// into it in place).
/// </summary>
internal sealed class WeightFacts
{
    static readonly ConditionalWeakTable<Tensor, WeightFacts> s_known = [];

    IntPtr _handle;

    /// <summary>Facts of nothing the kernel takes.</summary>
    public static WeightFacts None { get; } = new();

    /// <summary>
    /// Whether a kernel takes it: a contiguous 2-D CPU weight, bfloat16 with inputs a multiple of 32 or float32 with inputs
    /// a multiple of 16 (a bias: a contiguous bfloat16 or float32 CPU vector).
    /// </summary>
    public bool Suitable { get; private init; }

    /// <summary>Its dtype, where <see cref="Suitable"/>: which kernel takes it.</summary>
    public ScalarType DType { get; private init; }

    /// <summary>Rows of the weight (a bias: its length).</summary>
    public int Outputs { get; private init; }

    /// <summary>Columns of the weight (a bias: 1).</summary>
    public int Inputs { get; private init; }

    /// <summary>The first element, where <see cref="Suitable"/>.</summary>
    public unsafe void* Pointer { get; private init; }

    /// <summary>
    /// The rows of <paramref name="x"/> (<c>[..., in]</c>) this weight multiplies (the product of all but its last
    /// dimension, <paramref name="shape"/> its sizes) where <see cref="Suitable"/> and x is a CPU tensor of the weight's
    /// dtype whose last dimension is the weight's inputs; else 0.
    /// </summary>
    public long RowsOf(Tensor x, out long[] shape)
    {
        shape = [];
        if (!Suitable || x.dtype != DType || x.device_type != DeviceType.CPU)
            return 0;
        shape = TensorShape.Of(x);
        if (shape.Length == 0 || shape[^1] != Inputs)
            return 0;
        var rows = 1L;
        for (var d = 0; d < shape.Length - 1; d++)
            rows *= shape[d];
        return rows;
    }

    /// <summary>The facts of a linear layer's weight (<c>[out, in]</c>).</summary>
    public static WeightFacts Of(Tensor weight) => Known(weight) ?? Remember(weight, ReadWeight(weight));

    /// <summary>The facts of a bias, which must be a contiguous CPU vector of <paramref name="outputs"/> values in the layer's <paramref name="dtype"/>.</summary>
    public static WeightFacts OfBias(Tensor bias, int outputs, ScalarType dtype)
    {
        var facts = OfVector(bias);
        return facts.Suitable && facts.Outputs == outputs && facts.DType == dtype ? facts
            : throw new ArgumentException($"The bias must be a contiguous {dtype} vector of one value per output.", nameof(bias));
    }

    /// <summary>The facts of a vector (a bias, a LayerNorm's weight or bias): <see cref="Suitable"/> if a contiguous bfloat16 or float32 CPU vector.</summary>
    public static WeightFacts OfVector(Tensor vector) => Known(vector) ?? Remember(vector, ReadBias(vector));

    static WeightFacts? Known(Tensor tensor) =>
        s_known.TryGetValue(tensor, out var facts) && facts._handle == tensor.Handle ? facts : null;

    static WeightFacts Remember(Tensor tensor, WeightFacts facts)
    {
        facts._handle = tensor.Handle;
        s_known.AddOrUpdate(tensor, facts);
        return facts;
    }

    static unsafe WeightFacts ReadWeight(Tensor weight)
    {
        var shape = weight.shape;
        var dtype = weight.dtype;
        var inputs = shape.Length == 2 && (dtype == ScalarType.BFloat16 ? BFloat16Kernel.SupportsInputs(shape[1])
            : dtype == ScalarType.Float32 && Float32Kernel.SupportsInputs(shape[1]));
        var suitable = inputs && weight.device_type == DeviceType.CPU && weight.is_contiguous() && shape[0] <= int.MaxValue && shape[1] <= int.MaxValue;
        return new WeightFacts
        {
            Suitable = suitable,
            DType = dtype,
            Outputs = suitable ? (int)shape[0] : 0,
            Inputs = suitable ? (int)shape[1] : 0,
            Pointer = suitable ? TensorMemory.Pointer(weight) : null,
        };
    }

    static unsafe WeightFacts ReadBias(Tensor bias)
    {
        var shape = bias.shape;
        var dtype = bias.dtype;
        var suitable = shape.Length == 1 && dtype is ScalarType.BFloat16 or ScalarType.Float32 && bias.device_type == DeviceType.CPU
            && bias.is_contiguous() && shape[0] <= int.MaxValue;
        return new WeightFacts
        {
            Suitable = suitable,
            DType = dtype,
            Outputs = suitable ? (int)shape[0] : 0,
            Inputs = 1,
            Pointer = suitable ? TensorMemory.Pointer(bias) : null,
        };
    }
}
