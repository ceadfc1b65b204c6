using AdventureServer.Inference.Model;
using AdventureServer.Inference.Serving.Batching;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Serving;

/// <summary>
/// A CPU decode step's attention straight from the q/k/v projection (<see cref="BatchedDecodeCache.TryAttendProjected"/>)
/// against the way it takes otherwise: the projection split into heads, <see cref="BatchedDecodeCache.Update"/>, then
/// <see cref="Attention.Attend"/>. The two must agree to the bit, in the output and in the cache they leave, since a
/// step with a prompt chunk in it still takes the other way for its decoding rows.
/// </summary>
public class ProjectedAttentionTests
{
    const int Heads = 4;
    const int Size = 16;
    const int Width = Heads * Size;

    [TestCase(ScalarType.Float32, true)]
    [TestCase(ScalarType.BFloat16, true)]
    [TestCase(ScalarType.Float32, false)]
    [TestCase(ScalarType.BFloat16, false)]
    public void Attending_from_the_projection_gives_the_bits_and_the_cache_of_the_split_heads(ScalarType dtype, bool decodeStep)
    {
        // A decode step's projection is (B, 1, 3C); a ragged step's decoding rows are (1, B, 3C).
        Assume.That(OneQueryAttention.SupportsCache(dtype), "this CPU's attention kernel does not read this dtype");
        using var scope = NewDisposeScope();
        var generator = new Generator(41);
        var positions = new long[] { 5, 9, 0, 2, 32 }; // the last: a padding row at the pool's scratch position
        var length = 10;
        using var direct = FilledPool(dtype, seed: 3);
        using var split = FilledPool(dtype, seed: 3);
        var rows = positions.Length;
        var projected = randn(decodeStep ? [rows, 1, 3 * Width] : [1, rows, 3 * Width], generator: generator).to(dtype);
        var mask = arange(length).view(1, length).le(tensor(positions).view(positions.Length, 1)).view(positions.Length, 1, 1, length);

        for (var layer = 0; layer < 2; layer++)
        {
            var attended = ((BatchedDecodeCache)direct.ForDecode(tensor(positions), length)).TryAttendProjected(layer, projected, Heads, mask);
            var expected = SplitHeadsAttention(split.ForDecode(tensor(positions), length), layer, projected, mask, decodeStep);

            Assert.That(attended, Is.Not.Null);
            Assert.That(attended!.dtype, Is.EqualTo(dtype));
            Assert.That(attended.shape, Is.EqualTo(expected.shape));
            Assert.That(attended.eq(expected).all().item<bool>(), Is.True, $"layer {layer}: output");
            Assert.That(direct.Layer(layer).Keys.eq(split.Layer(layer).Keys).all().item<bool>(), Is.True, $"layer {layer}: keys");
            Assert.That(direct.Layer(layer).Values.eq(split.Layer(layer).Values).all().item<bool>(), Is.True, $"layer {layer}: values");
        }
    }

    [Test]
    public void A_projection_the_cache_cannot_read_in_place_is_left_to_the_split_heads()
    {
        using var scope = NewDisposeScope();
        using var pool = FilledPool(ScalarType.Float32, seed: 5);
        var positions = tensor(new long[] { 3, 4 });
        var mask = ones(2, 1, 1, 5, ScalarType.Bool);
        var cache = (BatchedDecodeCache)pool.ForDecode(positions, 5);

        Assert.That(cache.TryAttendProjected(0, randn(1, 2, 3 * Width).to(ScalarType.BFloat16), Heads, mask), Is.Null, "another dtype than the pool's");
        Assert.That(cache.TryAttendProjected(0, randn(1, 2, 3 * Width + 2).narrow(2, 0, 3 * Width), Heads, mask), Is.Null, "not contiguous");
        Assert.That(cache.TryAttendProjected(0, randn(1, 3, 3 * Width), Heads, mask), Is.Null, "more rows than positions");
        Assert.That(cache.TryAttendProjected(0, randn(1, 2, 3 * Width), Heads, ones(2, 1, 1, 4, ScalarType.Bool)), Is.Null, "a mask of other keys");
    }

    [Test]
    public void A_position_outside_the_pool_is_refused_before_anything_is_written()
    {
        using var scope = NewDisposeScope();
        using var pool = FilledPool(ScalarType.Float32, seed: 7);
        var before = pool.Layer(0).Keys.clone();
        var positions = tensor(new long[] { 3, 33 }); // the pool holds positions 0..32 (32 and the scratch one)
        var projected = randn(2, 1, 3 * Width);

        Assert.That(() => ((BatchedDecodeCache)pool.ForDecode(positions, 5)).TryAttendProjected(0, projected, Heads, null),
            Throws.InvalidOperationException.With.Message.Contains("position 33"));
        Assert.That(() => pool.ForDecode(positions, 5).Update(0, randn(2, Heads, 1, Size), randn(2, Heads, 1, Size)),
            Throws.InvalidOperationException.With.Message.Contains("position 33"));
        Assert.That(pool.Layer(0).Keys.eq(before).all().item<bool>(), Is.True);
    }

    /// <summary>A pool of 6 rows, 32 positions and 2 layers, its keys and values random.</summary>
    static KeyValueCachePool FilledPool(ScalarType dtype, int seed)
    {
        var config = TestModels.Small with { NHead = Heads, NEmbd = Width };
        var pool = new KeyValueCachePool(config, slots: 6, capacity: 32, CPU, dtype);
        var generator = new Generator((ulong)seed);
        for (var layer = 0; layer < config.NLayer; layer++)
        {
            var (keys, values) = pool.Layer(layer);
            keys.copy_(randn(keys.shape, generator: generator));
            values.copy_(randn(values.shape, generator: generator));
        }
        return pool;
    }

    /// <summary>
    /// The attention as <see cref="CausalSelfAttention"/> takes it without the projection, over a decode step's cache
    /// ((B, 1, 3C) in, (B, 1, C) out) or as <see cref="RaggedStepCache"/> does for its decoding rows ((1, B, 3C), (1, B, C)).
    /// </summary>
    static Tensor SplitHeadsAttention(IKeyValueCache cache, int layer, Tensor projected, Tensor mask, bool decodeStep)
    {
        var (batch, steps) = (projected.shape[0], projected.shape[1]);
        var qkv = projected.split(Width, dim: 2);
        Tensor InHeads(Tensor t) => t.view(batch, steps, Heads, Size).transpose(1, 2); // (B, nh, T, hs)
        Tensor Rows(Tensor t) => decodeStep ? InHeads(t) : InHeads(t).transpose(0, 2); // (rows, nh, 1, hs)
        var (keys, values) = cache.Update(layer, Rows(qkv[1]), Rows(qkv[2]));
        var y = Attention.Attend(Rows(qkv[0]), keys, values, mask); // (rows, nh, 1, hs)
        return (decodeStep ? y : y.transpose(0, 2)).transpose(1, 2).contiguous().view(batch, steps, Width);
    }
}
