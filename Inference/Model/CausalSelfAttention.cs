using AdventureServer.Inference.Quantized;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Model;

/// <summary>Multi-head causal self-attention with one fused q/k/v projection (<c>c_attn</c>).</summary>
public sealed class CausalSelfAttention : nn.Module
{
#pragma warning disable IDE1006 // Hugging Face's tensor names, so the code reads against the checkpoint.
    readonly Linear c_attn;
    readonly Linear c_proj;
#pragma warning restore IDE1006
    Int8Linear? _attnInt8;
    Int8Linear? _projInt8;
    readonly int _heads;
    readonly int _width;

    public CausalSelfAttention(Gpt2Config config) : base(nameof(CausalSelfAttention))
    {
        _heads = config.NHead;
        _width = config.NEmbd;
        c_attn = nn.Linear(config.NEmbd, 3 * config.NEmbd);
        c_proj = nn.Linear(config.NEmbd, config.NEmbd);
        RegisterComponents();
    }

    /// <param name="x">(B, T, C) the residual stream at the new positions.</param>
    /// <param name="norm">The block's LayerNorm before attention (<c>ln_1</c>), applied to <paramref name="x"/> as it is projected.</param>
    /// <param name="layer">This block's index, for the cache.</param>
    /// <param name="cache">Keys and values of earlier positions, or null for a whole sequence at once.</param>
    /// <param name="mask">(B, 1, T, S) true where a query may see a key; null means plain causal.</param>
    /// <returns>The residual stream with the attention's output added.</returns>
    public Tensor Forward(Tensor x, LayerNorm norm, int layer, IKeyValueCache? cache, Tensor? mask)
    {
        var projected = Projection.ForwardNormed(norm, c_attn, _attnInt8, x);
        if (cache is IProjectedAttention direct && direct.TryAttendProjected(layer, projected, _heads, mask) is { } attended)
            return Projection.ForwardAdded(c_proj, _projInt8, attended, x);
        var (batch, steps) = (x.size(0), x.size(1));
        var qkv = projected.split(_width, dim: 2);
        var q = SplitHeads(qkv[0], batch, steps); // (B, nh, T, hs)
        var k = SplitHeads(qkv[1], batch, steps);
        var v = SplitHeads(qkv[2], batch, steps);
        var y = cache is IRaggedAttention ragged ? ragged.Attend(layer, q, k, v) : Attend(layer, q, k, v, cache, mask, x.device);

        y = y.transpose(1, 2).contiguous().view(batch, steps, _width); // (B, T, C)
        return Projection.ForwardAdded(c_proj, _projInt8, y, x);
    }

    /// <summary>Replaces the q/k/v and output projections' float weights with int8 ones (<see cref="Int8Weights.Take"/>); returns them.</summary>
    internal IEnumerable<Int8Linear> QuantizeWeights()
    {
        _attnInt8 ??= Int8Weights.Take(c_attn);
        _projInt8 ??= Int8Weights.Take(c_proj);
        return [_attnInt8, _projInt8];
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _attnInt8?.Dispose();
            _projInt8?.Dispose();
        }
        base.Dispose(disposing);
    }

    static Tensor Attend(int layer, Tensor q, Tensor k, Tensor v, IKeyValueCache? cache, Tensor? mask, Device device)
    {
        if (cache is not null)
            (k, v) = cache.Update(layer, k, v); // (B, nh, S, hs)
        var (steps, seen) = (q.size(2), k.size(2));
        return mask is not null ? Attention.Attend(q, k, v, mask)
            : steps == seen ? Attention.Attend(q, k, v, causal: true)
            : steps == 1 ? Attention.Attend(q, k, v)
            : Attention.Attend(q, k, v, Attention.CausalMask(steps, seen, device));
    }

    Tensor SplitHeads(Tensor t, long batch, long steps) =>
        t.view(batch, steps, _heads, _width / _heads).transpose(1, 2);
}
