using AdventureServer.Inference.Quantized;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Model;

/// <summary>One transformer block: pre-LayerNorm attention and MLP, each added to the residual stream.</summary>
public sealed class Block : nn.Module
{
#pragma warning disable IDE1006 // Hugging Face's tensor names, so the code reads against the checkpoint.
    readonly LayerNorm ln_1;
    readonly CausalSelfAttention attn;
    readonly LayerNorm ln_2;
    readonly Mlp mlp;
#pragma warning restore IDE1006

    public Block(Gpt2Config config) : base(nameof(Block))
    {
        ln_1 = nn.LayerNorm(config.NEmbd, config.LayerNormEpsilon);
        attn = new CausalSelfAttention(config);
        ln_2 = nn.LayerNorm(config.NEmbd, config.LayerNormEpsilon);
        mlp = new Mlp(config);
        RegisterComponents();
    }

    public Tensor Forward(Tensor x, int layer, IKeyValueCache? cache, Tensor? mask)
    {
        x = attn.Forward(x, ln_1, layer, cache, mask);
        return mlp.Forward(x, ln_2);
    }

    /// <summary>Replaces the block's four linear layers' float weights with int8 ones; returns them.</summary>
    internal IEnumerable<Int8Linear> QuantizeWeights() => [.. attn.QuantizeWeights(), .. mlp.QuantizeWeights()];
}
