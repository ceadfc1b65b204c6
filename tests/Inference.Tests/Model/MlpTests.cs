using AdventureServer.Inference.Model;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Model;

public class MlpTests
{
    [Test]
    public void The_mlp_uses_the_tanh_approximation_of_gelu_that_gpt2_was_trained_with()
    {
        // The golden models' activations are too small to tell tanh GELU from exact GELU, so check it directly:
        // with identity-like weights and no biases, the MLP adds gelu(ln(x)) to x, at values of ln(x) where the two differ.
        using var mlp = new Mlp(new Gpt2Config { NEmbd = 4, NHead = 1, NInner = 4 });
        using (no_grad())
        {
            foreach (var (name, parameter) in mlp.named_parameters())
            {
                if (name.EndsWith("bias", StringComparison.Ordinal))
                    parameter.zero_();
                else
                    parameter.copy_(eye(4));
            }
        }
        var x = new[] { -3f, -1.5f, 1.5f, 3f };
        using var input = tensor(x).view(1, 4);

        using var norm = nn.LayerNorm(4);
        using var normed = norm.forward(input);

        using var output = mlp.Forward(input, norm);

        var expected = normed.data<float>().ToArray()
            .Select((v, i) => x[i] + 0.5 * v * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)))).ToArray();
        Assert.That(output.data<float>().ToArray(), Is.EqualTo(expected).Within(1e-6));
    }
}
