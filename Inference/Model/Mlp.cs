using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Model;

/// <summary>The feed-forward half of a block: widen 4×, tanh GELU (<c>gelu_new</c>), project back.</summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Hugging Face's tensor names, so the code reads against the checkpoint.
    readonly Linear c_fc;
    readonly Linear c_proj;
#pragma warning restore IDE1006

    public Mlp(Gpt2Config config) : base(nameof(Mlp))
    {
        c_fc = nn.Linear(config.NEmbd, config.InnerSize);
        c_proj = nn.Linear(config.InnerSize, config.NEmbd);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var hidden = c_fc.forward(x);
        using var activated = nn.functional.gelu(hidden, GELU.Approximate.tanh);
        return c_proj.forward(activated);
    }
}
