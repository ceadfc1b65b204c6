using AdventureServer.Inference.Model;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Model;

/// <summary>
/// The plain loop's decode step through <see cref="ContiguousKeyValueCache.TryAttendProjected"/> against the way it took
/// before: the projection split into heads, <see cref="ContiguousKeyValueCache.Update"/>, then <see cref="Attention.Attend"/>.
/// The two must agree to the bit, in the output and in the cache they leave: the sequential path's text is what a batched
/// run is compared with.
/// </summary>
public class ContiguousProjectedAttentionTests
{
    static readonly Gpt2Config Config = new() { NLayer = 2, NHead = 4, NEmbd = 64, NPositions = 64 };
    const int Width = 64;

    [TestCase(ScalarType.Float32, 1)]
    [TestCase(ScalarType.BFloat16, 1)]
    [TestCase(ScalarType.Float32, 3)]
    [TestCase(ScalarType.BFloat16, 3)]
    public void A_decode_step_from_the_projection_gives_the_bits_and_the_cache_of_the_split_heads(ScalarType dtype, int batch)
    {
        Assume.That(OneQueryAttention.SupportsCache(dtype), "this CPU's attention kernel does not read this dtype");
        using var scope = NewDisposeScope();
        var generator = new Generator(43);
        using var direct = Filled(dtype, batch, cached: 9);
        using var split = Filled(dtype, batch, cached: 9);
        var projected = randn(batch, 1, 3 * Width, generator: generator).to(dtype);

        for (var layer = 0; layer < Config.NLayer; layer++)
        {
            var attended = direct.TryAttendProjected(layer, projected, Config.NHead, mask: null);
            var expected = SplitHeads(split, layer, projected);

            Assert.That(attended, Is.Not.Null);
            Assert.That(attended!.shape, Is.EqualTo(expected.shape));
            Assert.That(attended.eq(expected).all().item<bool>(), Is.True, $"layer {layer}: output");
        }
        direct.Advance(1);
        split.Advance(1);
        // What each cache holds now: its 10 positions, read back through an update of none.
        var none = empty(batch, Config.NHead, 0, Config.HeadSize, dtype);
        for (var layer = 0; layer < Config.NLayer; layer++)
        {
            var (directKeys, directValues) = direct.Update(layer, none, none);
            var (splitKeys, splitValues) = split.Update(layer, none, none);
            Assert.That(directKeys.shape[2], Is.EqualTo(10));
            Assert.That(directKeys.eq(splitKeys).all().item<bool>(), Is.True, $"layer {layer}: keys");
            Assert.That(directValues.eq(splitValues).all().item<bool>(), Is.True, $"layer {layer}: values");
        }
    }

    [Test]
    public void A_prompt_a_mask_or_another_dtype_is_left_to_the_split_heads_and_a_full_cache_refused()
    {
        using var scope = NewDisposeScope();
        using var cache = Filled(ScalarType.Float32, batch: 1, cached: 9);

        Assert.That(cache.TryAttendProjected(0, randn(1, 2, 3 * Width), Config.NHead, null), Is.Null, "a prompt's two positions");
        Assert.That(cache.TryAttendProjected(0, randn(1, 1, 3 * Width), Config.NHead, ones(1, 1, 1, 10, ScalarType.Bool)), Is.Null, "a mask");
        Assert.That(cache.TryAttendProjected(0, randn(1, 1, 3 * Width).to(ScalarType.BFloat16), Config.NHead, null), Is.Null, "another dtype than the cache's");

        using var full = Filled(ScalarType.Float32, batch: 1, cached: Config.NPositions);
        Assert.That(() => full.TryAttendProjected(0, randn(1, 1, 3 * Width), Config.NHead, null),
            Throws.InvalidOperationException.With.Message.Contains("past the cache's 64 positions"));
    }

    /// <summary>A cache of <paramref name="cached"/> random positions a row (the same for a given seed), as a prompt leaves it.</summary>
    static ContiguousKeyValueCache Filled(ScalarType dtype, int batch, int cached)
    {
        var generator = new Generator(5);
        var cache = new ContiguousKeyValueCache(Config, batch, Config.NPositions, CPU, dtype);
        for (var layer = 0; layer < Config.NLayer; layer++)
            cache.Update(layer, randn(batch, Config.NHead, cached, Config.HeadSize, generator: generator).to(dtype),
                randn(batch, Config.NHead, cached, Config.HeadSize, generator: generator).to(dtype));
        cache.Advance(cached);
        return cache;
    }

    /// <summary>What <see cref="CausalSelfAttention"/> does without the projected path: split, store, attend, merge.</summary>
    static Tensor SplitHeads(ContiguousKeyValueCache cache, int layer, Tensor projected)
    {
        var batch = projected.shape[0];
        var qkv = projected.split(Width, dim: 2);
        Tensor Heads(Tensor t) => t.view(batch, 1, Config.NHead, Config.HeadSize).transpose(1, 2);
        var (keys, values) = cache.Update(layer, Heads(qkv[1]), Heads(qkv[2]));
        return Attention.Attend(Heads(qkv[0]), keys, values).transpose(1, 2).contiguous().view(batch, 1, Width);
    }
}
