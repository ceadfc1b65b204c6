using AdventureServer.Inference.Generation;
using AdventureServer.Inference.Model;
using AdventureServer.Inference.Quantized;
using AdventureServer.Inference.Sampling;
using AdventureServer.Inference.Text;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Quantized;

public class Int8LinearTests
{
    [Test]
    public void An_int8_linear_matches_the_float_linear_on_any_leading_shape()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(7);
        var weight = randn(40, 70, generator: generator) * 0.05;
        var bias = randn(40, generator: generator);
        var x = randn(2, 3, 70, generator: generator);
        using var linear = new Int8Linear(weight, bias);

        var y = linear.Forward(x);

        var expected = nn.functional.linear(x, weight, bias);
        Assert.That(y.shape, Is.EqualTo(new long[] { 2, 3, 40 }));
        Assert.That((y - expected).abs().max().item<float>(), Is.LessThan(0.02f * expected.abs().max().item<float>()));
    }

    [Test]
    public void An_int8_linear_takes_a_non_contiguous_bfloat16_input()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(8);
        var weight = randn(16, 32, generator: generator) * 0.05;
        var x = randn(32, 5, generator: generator).t(); // (5, 32), not contiguous
        using var linear = new Int8Linear(weight, null);

        var y = linear.Forward(x.to(ScalarType.BFloat16));

        var expected = nn.functional.linear(x, weight);
        Assert.That(y.dtype, Is.EqualTo(ScalarType.Float32));
        Assert.That((y - expected).abs().max().item<float>(), Is.LessThan(0.03f * expected.abs().max().item<float>()));
    }

    [Test]
    public void An_input_of_the_wrong_width_is_refused()
    {
        using var scope = NewDisposeScope();
        using var linear = new Int8Linear(zeros(4, 8), null);

        Assert.That(() => linear.Forward(zeros(2, 9)), Throws.ArgumentException.With.Message.Contains("8 features"));
    }

    [Test]
    public void A_model_with_int8_weights_reads_fewer_bytes_a_step_and_generates_as_its_float32_self_does_greedily()
    {
        using var float32 = TinyModels.Random(seed: 3).PrepareForInference();
        using var int8 = TinyModels.Random(seed: 3).PrepareForInference(int8Weights: true);
        var prompt = Gpt2Tokenizer.Shared.Encode("The cave is dark and the torch is low.");

        var expected = new Gpt2Generator(float32, Gpt2Tokenizer.Shared).Generate(prompt, SamplingSettings.Greedy, [], 4);
        var actual = new Gpt2Generator(int8, Gpt2Tokenizer.Shared).Generate(prompt, SamplingSettings.Greedy, [], 4);

        Assert.That(int8.HasInt8Weights, Is.True);
        Assert.That(int8.DecodeWeightBytes, Is.LessThan(float32.DecodeWeightBytes / 3));
        Assert.That(int8.ParameterCount, Is.EqualTo(float32.ParameterCount));
        // Random weights give near-uniform logits, so only the first token is compared.
        Assert.That(actual.Tokens.Take(1), Is.EqualTo(expected.Tokens.Take(1)));
    }
}
