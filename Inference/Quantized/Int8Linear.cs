using AdventureServer.Inference.Devices;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Quantized;

/// <summary>
/// A linear layer (<c>y = x · Wᵀ + b</c>) whose weights are an <see cref="Int8Matrix"/>: takes float32 CPU
/// activations of any leading shape and returns float32, reading and writing the tensors' memory in place.
/// </summary>
public sealed unsafe class Int8Linear : IDisposable
{
    readonly Int8Matrix _matrix;

    /// <summary>Quantizes <paramref name="weight"/> (<c>[out, in]</c>, any float dtype, on the CPU) and keeps <paramref name="bias"/> in float32.</summary>
    public Int8Linear(Tensor weight, Tensor? bias)
    {
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.dim() != 2)
            throw new ArgumentException($"A linear weight is 2-D ([out, in]); got {weight.dim()}-D.", nameof(weight));
        if (weight.device_type != TorchSharp.DeviceType.CPU)
            throw new ArgumentException("int8 weights are a CPU format; use float16 on CUDA.", nameof(weight));
        using var _ = no_grad();
        using var w = weight.detach().to(ScalarType.Float32).contiguous();
        using var b = bias?.detach().to(ScalarType.Float32).contiguous();
        var rows = checked((int)w.shape[0]);
        var columns = checked((int)w.shape[1]);
        var weights = new ReadOnlySpan<float>(Pointer(w), rows * columns);
        var biases = b is null ? default : new ReadOnlySpan<float>(Pointer(b), rows);
        _matrix = new Int8Matrix(weights, rows, columns, biases);
    }

    /// <summary>The quantized weights.</summary>
    public Int8Matrix Matrix => _matrix;

    /// <summary>Output size.</summary>
    public int OutFeatures => _matrix.Rows;

    /// <summary>Input size.</summary>
    public int InFeatures => _matrix.Columns;

    /// <summary>x (<c>[..., in]</c>) times Wᵀ plus the bias, as float32 <c>[..., out]</c>.</summary>
    public Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var shape = TensorShape.Of(x);
        if (shape.Length == 0 || shape[^1] != InFeatures)
            throw new ArgumentException($"Expected inputs of {InFeatures} features, got shape [{string.Join(", ", shape)}].", nameof(x));
        using var input = x.dtype == ScalarType.Float32 ? x.contiguous() : x.to(ScalarType.Float32).contiguous();
        var rows = checked((int)(input.NumberOfElements / InFeatures));
        var outShape = (long[])shape.Clone();
        outShape[^1] = OutFeatures;
        var y = empty(outShape, ScalarType.Float32, x.device);
        if (rows > 0)
            Int8Kernel.Multiply(_matrix, (float*)Pointer(input), rows, (float*)Pointer(y));
        return y;
    }

    /// <summary>The first byte of a contiguous CPU tensor's data (TorchSharp's <see cref="Tensor.bytes"/> is a view, not a copy).</summary>
    internal static void* Pointer(Tensor contiguous)
    {
        fixed (byte* p = contiguous.bytes)
            return p;
    }

    public void Dispose() => _matrix.Dispose();
}
