using TorchSharp;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Model;

/// <summary>
/// Scaled dot-product attention as every path of the model runs it. On the CPU attention runs in float32,
/// whatever the weights' dtype, over keys and values cached in float32 (<see cref="CacheDType"/>):
/// <list type="bullet">
/// <item>libtorch's bfloat16 SDPA kernel on the CPU took 1.2–1.5 ms a call for one query over 161 keys (one
/// thread, 12 calls 14.5–18.6 ms), where the same call in float32 took 0.14 ms;</item>
/// <item>converting a bfloat16 cache to float32 at every layer then cost more than the step's matrix products
/// once a batch grew: 0.29 ms a layer at 8 rows over 192 keys and 5.4 ms at 16 rows, against 0.14 and 0.74 ms
/// from a float32 cache (2 threads, same run);</item>
/// <item>a query a row (decoding) goes through two batched matrix products and a softmax rather than SDPA,
/// which took 1.4–2.1× as long at 8–32 rows (0.20 against 0.14 ms a layer at 8 rows, 1.57 against 0.74 at 16).</item>
/// </list>
/// Attention holds few of a step's FLOPs, so float32 costs no speed here and rounds a little less. On CUDA
/// attention is SDPA in the weights' dtype.
/// </summary>
public static class Attention
{
    /// <summary>The dtype keys and values are cached in for a model on <paramref name="device"/> in <paramref name="dtype"/>.</summary>
    public static ScalarType CacheDType(Device device, ScalarType dtype)
    {
        ArgumentNullException.ThrowIfNull(device);
        return device.type == DeviceType.CPU ? ScalarType.Float32 : dtype;
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
        using var scope = NewDisposeScope();
        var (q, k, v) = (queries.to(ScalarType.Float32), keys.to(ScalarType.Float32), values.to(ScalarType.Float32)); // no copy of what is float32
        var y = queries.shape[2] == 1 && !causal ? AttendOneQuery(q, k, v, mask)
            : nn.functional.scaled_dot_product_attention(q, k, v, mask, is_casual: causal);
        return y.to(queries.dtype).MoveToOuterDisposeScope();
    }

    // softmax(q·kᵀ / √hs, masked) · v for one query a row: (B, nh, 1, hs).
    static Tensor AttendOneQuery(Tensor q, Tensor k, Tensor v, Tensor? mask)
    {
        var scores = q.matmul(k.transpose(-2, -1)).mul_(1.0 / Math.Sqrt(q.shape[3])); // (B, nh, 1, S)
        if (mask is not null)
            scores.masked_fill_(mask.logical_not(), double.NegativeInfinity);
        return scores.softmax(-1).matmul(v);
    }
}
