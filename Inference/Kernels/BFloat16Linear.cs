using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using AdventureServer.Inference.Devices;
using AdventureServer.Inference.Quantized;
using TorchSharp;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Kernels;

/// <summary>
/// A bfloat16 linear layer (<c>y = x · Wᵀ + b</c>) for the few rows of a decode step on the CPU, through
/// <see cref="BFloat16Kernel"/>: the products summed in float32, the bias added and each output
/// rounded to bfloat16 (to nearest, ties to even, as libtorch rounds), so the layer gives what libtorch's bfloat16
/// <c>linear</c> gives up to the order of the sums. Prompts and training keep libtorch.
/// </summary>
public static unsafe class BFloat16Linear
{
    /// <summary>The most rows (positions over the whole batch) a layer takes this way: at 16, libtorch's products were faster.</summary>
    public const int MaxRows = 8;

    [ThreadStatic]
    static float[]? t_outputs;

    [ThreadStatic]
    static bool t_decoding;

    /// <summary>
    /// Marks this thread's pass as a decode step until disposed (<see cref="Model.Gpt2Model.Forward"/> does): only then
    /// does a layer go this way, so a prompt's products stay libtorch's however few its rows.
    /// </summary>
    public static DecodeStepScope ForDecodeStep()
    {
        var outer = t_decoding;
        t_decoding = true;
        return new DecodeStepScope(outer);
    }

    /// <summary>Ends a <see cref="ForDecodeStep"/>; the default value ends nothing.</summary>
    public readonly struct DecodeStepScope(bool outer) : IDisposable
    {
        readonly bool _active = true;

        public void Dispose()
        {
            if (_active)
                t_decoding = outer;
        }
    }

    /// <summary>Whether <see cref="Forward"/> takes these tensors; off only to measure against libtorch.</summary>
    internal static bool Enabled { get; set; } = true;

    /// <summary>
    /// Whether <paramref name="x"/> (<c>[..., in]</c>) and <paramref name="weight"/> (<c>[out, in]</c>) go this way: in a
    /// decode step (<see cref="ForDecodeStep"/>), both bfloat16 on the CPU, the weight contiguous, at most
    /// <see cref="MaxRows"/> rows, inputs a multiple of 32, gradients off, and AVX-512F here.
    /// </summary>
    public static bool Takes(Tensor x, Tensor weight)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        if (!Enabled || !t_decoding || !BFloat16Kernel.IsSupported || x.device_type != DeviceType.CPU || x.dtype != ScalarType.BFloat16 || x.dim() == 0)
            return false;
        if (weight.device_type != DeviceType.CPU || weight.dtype != ScalarType.BFloat16 || weight.dim() != 2 || !weight.is_contiguous())
            return false;
        var inputs = weight.shape[1];
        if (x.shape[^1] != inputs || !BFloat16Kernel.SupportsInputs(inputs))
            return false;
        var rows = x.NumberOfElements / inputs;
        return rows is > 0 and <= MaxRows && !is_grad_enabled();
    }

    /// <summary>x (<c>[..., in]</c>) times Wᵀ plus the bias, as bfloat16 <c>[..., out]</c>; call where <see cref="Takes"/> holds.</summary>
    public static Tensor Forward(Tensor x, Tensor weight, Tensor? bias) =>
        TryForward(x, weight, bias) ?? throw new ArgumentException($"The bfloat16 kernel takes, in a decode step, CPU bfloat16 inputs of at most {MaxRows} rows against a contiguous [out, in] bfloat16 weight, inputs a multiple of 32, gradients off.");

    /// <summary>As <see cref="Forward"/> where <see cref="Takes"/> holds; null where it does not (the layer is libtorch's then).</summary>
    public static Tensor? TryForward(Tensor x, Tensor weight, Tensor? bias)
    {
        if (!Takes(x, weight))
            return null;
        if (bias is not null && (bias.dtype != ScalarType.BFloat16 || bias.NumberOfElements != weight.shape[0] || !bias.is_contiguous()))
            throw new ArgumentException("The bias must be a contiguous bfloat16 vector of one value per output.", nameof(bias));
        var (outputs, inputs) = ((int)weight.shape[0], (int)weight.shape[1]);
        using var input = x.contiguous();
        var rows = (int)(input.NumberOfElements / inputs);
        var shape = (long[])x.shape.Clone();
        shape[^1] = outputs;
        var output = empty(shape, ScalarType.BFloat16, x.device);
        fixed (float* ys = BFloat16Kernel.Buffer(ref t_outputs, rows * outputs))
        {
            BFloat16Kernel.Multiply((ushort*)TensorMemory.Pointer(input), rows, inputs, (ushort*)TensorMemory.Pointer(weight), outputs, ys, KernelThreads.Shared);
            var target = (ushort*)TensorMemory.Pointer(output);
            var biases = bias is null ? null : (ushort*)TensorMemory.Pointer(bias);
            for (var row = 0; row < rows; row++)
                Round(ys + (long)row * outputs, biases, target + (long)row * outputs, outputs);
        }
        return output;
    }

    /// <summary>One row of float32 sums plus the bias (if any), rounded to bfloat16.</summary>
    static void Round(float* sums, ushort* bias, ushort* target, int count)
    {
        var i = 0;
        for (; i + 16 <= count; i += 16)
        {
            var v = Vector512.Load(sums + i);
            if (bias is not null)
                v += Avx512F.ShiftLeftLogical(Avx512F.ConvertToVector512Int32(Vector256.Load(bias + i)), 16).AsSingle();
            var bits = v.AsUInt32();
            var rounded = (bits + Vector512.Create(0x7FFFu) + ((bits >> 16) & Vector512.Create(1u))) >> 16;
            rounded = Vector512.ConditionalSelect(Vector512.Equals(v, v).AsUInt32(), rounded, Vector512.Create(0x7FC0u));
            Avx512F.ConvertToVector256UInt16(rounded).Store(target + i);
        }
        for (; i < count; i++)
            target[i] = ToBFloat16(sums[i] + (bias is null ? 0f : BitConverter.Int32BitsToSingle(bias[i] << 16)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static ushort ToBFloat16(float value)
    {
        if (float.IsNaN(value))
            return 0x7FC0;
        var bits = BitConverter.SingleToUInt32Bits(value);
        return (ushort)((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);
    }
}
