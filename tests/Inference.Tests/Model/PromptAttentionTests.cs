using AdventureServer.Inference.Model;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Model;

/// <summary>A bfloat16 prompt's attention on the CPU, whole and cut into chunks after cached keys, as the engine prefills it.</summary>
public class PromptAttentionTests
{
    [TestCase(0, 32)]
    [TestCase(32, 32)]
    [TestCase(64, 32)]
    [TestCase(96, 32)]
    [TestCase(43, 43)]
    [TestCase(1, 20)]
    [TestCase(77, 123)]
    public void A_chunk_after_cached_keys_gives_its_queries_the_bits_they_get_in_the_whole_prompt(int cached, int count)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        const int heads = 12, size = 64, length = 200;
        var generator = new Generator(29);
        var (queries, keys, values) = (Heads(heads, length, size, generator), Heads(heads, length, size, generator), Heads(heads, length, size, generator));

        var whole = Attention.Attend(queries, keys, values, causal: true).narrow(2, cached, count); // (1, nh, c, hs)
        // The chunk sees the keys cached before it and its own, as the engine's prefill of it does: not the prompt's later ones.
        var seen = cached + count;
        var chunkMask = ones(count, seen, ScalarType.Bool).tril(cached); // chunk query i sees keys up to cached + i
        var chunk = Attention.Attend(queries.narrow(2, cached, count), keys.narrow(2, 0, seen), values.narrow(2, 0, seen), chunkMask);

        Assert.That(chunk.dtype, Is.EqualTo(ScalarType.BFloat16));
        Assert.That((chunk == whole).all().item<bool>(), Is.True, $"{(chunk != whole).sum().item<long>()} of {chunk.NumberOfElements} outputs differ");
    }

    [Test]
    public void A_prompts_attention_stays_within_bfloat16_rounding_of_the_exact_one()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var generator = new Generator(31);
        var (queries, keys, values) = (Heads(4, 40, 16, generator), Heads(4, 40, 16, generator), Heads(4, 40, 16, generator));

        var attended = Attention.Attend(queries, keys, values, causal: true);

        var exact = nn.functional.scaled_dot_product_attention(queries.to(ScalarType.Float64), keys.to(ScalarType.Float64), values.to(ScalarType.Float64), is_casual: true);
        var error = (attended.to(ScalarType.Float64) - exact).abs();
        Assert.That((error <= exact.abs() * (1.0 / 256) * 1.01 + 1e-6).all().item<bool>(), $"largest error {error.max().item<double>():G3}");
    }

    /// <summary>(1, nh, T, hs) bfloat16 values, laid out as a q/k/v projection's heads are: (1, T, nh, hs) transposed.</summary>
    static Tensor Heads(int heads, int length, int size, Generator generator) =>
        randn(1, length, heads, size, generator: generator).to(ScalarType.BFloat16).transpose(1, 2);
}
