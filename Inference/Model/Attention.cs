using TorchSharp;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Model;

/// <summary>
/// Scaled dot-product attention as every path of the model runs it. On the CPU attention computes in float32,
/// whatever the weights' dtype, over keys and values cached in the weights' dtype where <see cref="OneQueryAttention"/>
/// reads it (float32 or bfloat16), float32 elsewhere (<see cref="CacheDType"/>):
/// <list type="bullet">
/// <item>decoding (one query a row) is memory-bound on the cache: at 8 rows over 192 keys gpt2 reads 113 MB of
/// float32 keys and values a step, as much as its int8 weights. <see cref="OneQueryAttention"/> reads them once,
/// in place, bfloat16 included; libtorch's way (two batched products, scale, masked fill, softmax) took as long
/// from a float32 cache, and a bfloat16 cache had to be converted to float32 at every layer first (0.29 ms a
/// layer at 8 rows, 5.4 ms at 16);</item>
/// <item>libtorch's bfloat16 SDPA kernel on the CPU took 1.2–1.5 ms a call for one query over 161 keys (one
/// thread), where the same call in float32 took 0.14 ms, so prompts (many queries) attend through SDPA in float32,
/// except a bfloat16 model's, whose queries each go through <see cref="OneQueryAttention"/> (<see cref="EachQueryAlone"/>).</item>
/// </list>
/// On CUDA attention is SDPA in the weights' dtype.
/// </summary>
public static class Attention
{
    /// <summary>
    /// The dtype keys and values are cached in for a model on <paramref name="device"/> whose attention inputs are
    /// <paramref name="dtype"/>: the same, except on a CPU where <see cref="OneQueryAttention"/> cannot read it (float16,
    /// or bfloat16 without AVX2), float32.
    /// </summary>
    public static ScalarType CacheDType(Device device, ScalarType dtype)
    {
        ArgumentNullException.ThrowIfNull(device);
        return device.type != DeviceType.CPU || OneQueryAttention.SupportsCache(dtype) ? dtype : ScalarType.Float32;
    }

    /// <summary>(B, nh, T, hs) attention of <paramref name="queries"/> over <paramref name="keys"/> and <paramref name="values"/>, in the queries' dtype.</summary>
    /// <param name="queries">(B, nh, T, hs).</param>
    /// <param name="keys">(B, nh, S, hs).</param>
    /// <param name="values">(B, nh, S, hs).</param>
    /// <param name="mask">(B or 1, 1, T, S) true where a query may see a key; null for none.</param>
    /// <param name="causal">With no mask: the top-left causal triangle (T = S).</param>
    public static Tensor Attend(Tensor queries, Tensor keys, Tensor values, Tensor? mask = null, bool causal = false)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(values);
        if (queries.device_type != DeviceType.CPU)
            return nn.functional.scaled_dot_product_attention(queries, keys, values, mask, is_casual: causal);
        // float32 or bfloat16 queries go to the kernel as they are (a bfloat16 model's need no conversion either way).
        if (!causal && OneQueryKernel && OneQueryAttention.TryAttend(queries, keys, values, mask) is { } attended)
            return attended;
        if (OneQueryKernel && queries.dtype == ScalarType.BFloat16 && !is_grad_enabled() && EachQueryAlone(queries, keys, values, mask, causal) is { } each)
            return each;
        using var scope = NewDisposeScope();
        var q = queries.to(ScalarType.Float32); // no copy of what is float32
        var y = (!causal && OneQueryKernel && q.dtype != queries.dtype ? OneQueryAttention.TryAttend(q, keys, values, mask) : null)
            ?? InFloat32(q, keys.to(ScalarType.Float32), values.to(ScalarType.Float32), mask, causal);
        return y.to(queries.dtype).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// A bfloat16 prompt's (1, nh, T, hs) queries, each attended on its own through <see cref="OneQueryAttention"/> over the
    /// keys it may see, or null where the kernel does not take them (several sequences, another mask). A query's bits then
    /// depend on its own row and keys alone, as a decode step's do, so a prompt gives the same bits however it is cut into
    /// chunks: libtorch's SDPA over a chunk after cached keys rounds differently from its run over the whole prompt.
    /// </summary>
    static Tensor? EachQueryAlone(Tensor queries, Tensor keys, Tensor values, Tensor? mask, bool causal)
    {
        var (steps, seen) = (queries.shape[2], keys.shape[2]);
        // The mask, if any, is (T, S) or (1, 1, T, S): one for the sequence's queries.
        if (queries.shape[0] != 1 || keys.shape[0] != 1 || mask is not null && (mask.dim() < 2 || mask.shape[^2] != steps || mask.shape[^1] != seen || mask.numel() != steps * seen))
            return null;
        using var scope = NewDisposeScope();
        var rows = queries.transpose(0, 2); // (T, nh, 1, hs): one query a row
        var (rowKeys, rowValues) = (keys.expand(steps, -1, -1, -1), values.expand(steps, -1, -1, -1)); // each row's view of the same keys
        var visible = mask?.reshape(steps, 1, 1, seen)
            ?? (causal ? CausalMask(steps, seen, queries.device).view(steps, 1, 1, seen) : null);
        return OneQueryAttention.TryAttend(rows, rowKeys, rowValues, visible)?.transpose(0, 2).MoveToOuterDisposeScope(); // (1, nh, T, hs)
    }

    /// <summary>
    /// (T, S) causal mask for T new queries after S − T cached keys: query i sees keys up to S − T + i.
    /// (SDPA's is_causal aligns the triangle top-left, which is wrong once a cache precedes the queries.)
    /// </summary>
    public static Tensor CausalMask(long steps, long seen, Device device) =>
        ones(steps, seen, ScalarType.Bool, device).tril(seen - steps);

    /// <summary>Whether one query a row goes through <see cref="OneQueryAttention"/> where it applies (off only to measure libtorch's way against it).</summary>
    internal static bool OneQueryKernel { get; set; } = true;

    // libtorch's way, in float32: SDPA, or for one query a row two batched products and a softmax (SDPA took
    // 1.4–2.1× as long at 8–32 rows).
    static Tensor InFloat32(Tensor q, Tensor k, Tensor v, Tensor? mask, bool causal)
    {
        if (q.shape[2] != 1 || causal)
            return nn.functional.scaled_dot_product_attention(q, k, v, mask, is_casual: causal);
        var scores = q.matmul(k.transpose(-2, -1)).mul_(1.0 / Math.Sqrt(q.shape[3])); // (B, nh, 1, S)
        if (mask is not null)
            scores.masked_fill_(mask.logical_not(), double.NegativeInfinity);
        return scores.softmax(-1).matmul(v);
    }
}
