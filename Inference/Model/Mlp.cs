using AdventureServer.Inference.Kernels;
using AdventureServer.Inference.Quantized;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Model;

/// <summary>The feed-forward half of a block: widen 4×, tanh GELU (<c>gelu_new</c>), project back.</summary>
public sealed class Mlp : nn.Module
{
#pragma warning disable IDE1006 // Hugging Face's tensor names, so the code reads against the checkpoint.
    readonly Linear c_fc;
    readonly Linear c_proj;
#pragma warning restore IDE1006
    Int8Linear? _fcInt8;
    Int8Linear? _projInt8;

    public Mlp(Gpt2Config config) : base(nameof(Mlp))
    {
        c_fc = nn.Linear(config.NEmbd, config.InnerSize);
        c_proj = nn.Linear(config.InnerSize, config.NEmbd);
        RegisterComponents();
    }

    /// <param name="x">(..., C) the residual stream.</param>
    /// <param name="norm">The block's LayerNorm before the MLP (<c>ln_2</c>).</param>
    /// <returns>The residual stream with the MLP's output added.</returns>
    public Tensor Forward(Tensor x, LayerNorm norm)
    {
        using var activated = Projection.ForwardNormedGelu(norm, c_fc, _fcInt8, x);
        return Projection.ForwardAdded(c_proj, _projInt8, activated, x);
    }

    /// <summary>Replaces both projections' float weights with int8 ones (<see cref="Int8Weights.Take"/>); returns them.</summary>
    internal IEnumerable<Int8Linear> QuantizeWeights()
    {
        _fcInt8 ??= Int8Weights.Take(c_fc);
        _projInt8 ??= Int8Weights.Take(c_proj);
        return [_fcInt8, _projInt8];
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _fcInt8?.Dispose();
            _projInt8?.Dispose();
        }
        base.Dispose(disposing);
    }
}
