using TorchSharp;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Model;

/// <summary>
/// Scaled dot-product attention as every path of the model runs it. On the CPU in bfloat16 it runs in
/// float32: libtorch's bfloat16 SDPA kernel on the CPU took 1.2–1.5 ms a call for one query over 161 keys
/// (one thread, 12 calls 14.5–18.6 ms), where the same call in float32, with the copies into float32,
/// took 0.14 ms (12 calls 1.67 ms, same run) — the one slow op of a bfloat16 decode step. Attention holds
/// few of the step's FLOPs, so float32 costs nothing measurable here and rounds a little less.
/// </summary>
public static class Attention
{
    /// <summary>(B, nh, T, hs) attention of <paramref name="queries"/> over <paramref name="keys"/> and <paramref name="values"/>.</summary>
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
        if (queries.device_type != DeviceType.CPU || queries.dtype != ScalarType.BFloat16)
            return nn.functional.scaled_dot_product_attention(queries, keys, values, mask, is_casual: causal);
        using var scope = NewDisposeScope();
        var y = nn.functional.scaled_dot_product_attention(
            queries.to(ScalarType.Float32), keys.to(ScalarType.Float32), values.to(ScalarType.Float32), mask, is_casual: causal);
        return y.to(ScalarType.BFloat16).MoveToOuterDisposeScope();
    }
}
