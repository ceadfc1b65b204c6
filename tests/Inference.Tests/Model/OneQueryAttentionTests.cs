using AdventureServer.Inference.Model;
using AdventureServer.Inference.Quantized;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Model;

/// <summary>The one-query attention kernel against libtorch's attention in double precision, over views of a cache pool as the engine reads them.</summary>
public class OneQueryAttentionTests
{
    static IEnumerable<TestCaseData> Shapes()
    {
        foreach (var (batch, heads, size, keys) in new[] { (1, 12, 64, 1), (1, 12, 64, 192), (3, 4, 16, 37), (8, 12, 64, 130), (5, 2, 8, 9) })
            yield return new TestCaseData(batch, heads, size, keys).SetArgDisplayNames($"B={batch}", $"nh={heads}", $"hs={size}", $"S={keys}");
    }

    [TestCaseSource(nameof(Shapes))]
    public void Attention_over_a_narrowed_pool_with_a_mask_matches_scaled_dot_product_attention(int batch, int heads, int size, int keys)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(17);
        var (cacheKeys, cacheValues) = PoolViews(batch, heads, size, keys, generator);
        var queries = randn(batch, heads, 1, size, generator: generator);
        // Row b sees keys 0..(b · 7 mod S): prefixes of every length, as the decode step's mask gives them.
        var mask = arange(keys).view(1, keys).le(tensor(Enumerable.Range(0, batch).Select(b => (long)(b * 7 % keys)).ToArray()).view(batch, 1))
            .view(batch, 1, 1, keys);

        var kernel = OneQueryAttention.Attend(queries, cacheKeys, cacheValues, mask);

        Assert.That(LargestDifference(kernel, queries, cacheKeys, cacheValues, mask), Is.LessThan(1e-5));
    }

    [TestCaseSource(nameof(Shapes))]
    public void Attention_over_a_bfloat16_cache_matches_scaled_dot_product_attention_over_the_same_values(int batch, int heads, int size, int keys)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(23);
        var (floatKeys, floatValues) = PoolViews(batch, heads, size, keys, generator);
        var (cacheKeys, cacheValues) = (floatKeys.to(ScalarType.BFloat16), floatValues.to(ScalarType.BFloat16));
        var queries = randn(batch, heads, 1, size, generator: generator);
        var mask = arange(keys).view(1, keys).le(tensor(Enumerable.Range(0, batch).Select(b => (long)(keys - 1 - b % keys)).ToArray()).view(batch, 1))
            .view(batch, 1, 1, keys);

        var kernel = OneQueryAttention.Attend(queries, cacheKeys, cacheValues, mask);

        Assert.That(kernel.dtype, Is.EqualTo(ScalarType.Float32));
        Assert.That(LargestDifference(kernel, queries, cacheKeys, cacheValues, mask), Is.LessThan(1e-5));
    }

    [Test]
    public void Without_a_mask_every_key_is_attended()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(3);
        var (cacheKeys, cacheValues) = PoolViews(2, 3, 32, 50, generator);
        var queries = randn(2, 3, 1, 32, generator: generator);

        var kernel = OneQueryAttention.Attend(queries, cacheKeys, cacheValues, mask: null);

        Assert.That(LargestDifference(kernel, queries, cacheKeys, cacheValues, mask: null), Is.LessThan(1e-5));
    }

    [Test]
    public void A_row_gives_the_same_bits_alone_or_in_a_batch_and_on_any_number_of_threads()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(11);
        var (cacheKeys, cacheValues) = PoolViews(6, 12, 64, 100, generator);
        var queries = randn(6, 12, 1, 64, generator: generator);
        var mask = arange(100).view(1, 100).le(tensor(new long[] { 99, 40, 3, 77, 0, 61 }).view(6, 1)).view(6, 1, 1, 100);

        using var one = new KernelThreads(1);
        using var three = new KernelThreads(3);
        var batched = OneQueryAttention.Attend(queries, cacheKeys, cacheValues, mask, three);
        for (var row = 0; row < 6; row++)
        {
            var alone = OneQueryAttention.Attend(queries.narrow(0, row, 1), cacheKeys.narrow(0, row, 1), cacheValues.narrow(0, row, 1),
                mask.narrow(0, row, 1), one);
            Assert.That(alone.eq(batched.narrow(0, row, 1)).all().item<bool>(), Is.True, $"row {row}");
        }
    }

    [TestCase(ScalarType.Float32)]
    [TestCase(ScalarType.BFloat16)]
    public void A_row_gives_the_same_bits_over_its_own_keys_as_in_a_batch_that_holds_more(ScalarType cacheType)
    {
        // A decode step's keys run to the longest row's length; a shorter row sees a prefix of them. The sequential
        // path attends over exactly its own keys, with no mask; the two must agree to the bit, or a story decodes
        // differently when a longer one shares its steps.
        using var scope = NewDisposeScope();
        var generator = new Generator(29);
        var (floatKeys, floatValues) = PoolViews(4, 12, 64, 160, generator);
        var (cacheKeys, cacheValues) = (floatKeys.to(cacheType), floatValues.to(cacheType));
        var queries = randn(4, 12, 1, 64, generator: generator);
        var lengths = new long[] { 160, 100, 97, 5 };
        var mask = arange(160).view(1, 160).lt(tensor(lengths).view(4, 1)).view(4, 1, 1, 160);

        var batched = OneQueryAttention.Attend(queries, cacheKeys, cacheValues, mask);

        for (var row = 0; row < 4; row++)
        {
            var length = lengths[row];
            var alone = OneQueryAttention.Attend(queries.narrow(0, row, 1), cacheKeys.narrow(0, row, 1).narrow(2, 0, length),
                cacheValues.narrow(0, row, 1).narrow(2, 0, length), mask: null);
            Assert.That(alone.eq(batched.narrow(0, row, 1)).all().item<bool>(), Is.True, $"row {row}, {length} keys of 160");
        }
    }

    [TestCase(ScalarType.Float32, 4, 100)]
    [TestCase(ScalarType.BFloat16, 4, 100)]
    [TestCase(ScalarType.Float32, 11, 37)]
    [TestCase(ScalarType.BFloat16, 11, 37)]
    [TestCase(ScalarType.BFloat16, 32, 161)]
    public void Rows_that_share_their_keys_get_the_bits_each_gets_alone(ScalarType dtype, int rows, int keys)
    {
        // A prompt's queries attend one at a time over the same keys (expanded to every row, so they go four rows of a
        // head at a time); each must get what a decode step's one query gets over those keys, or a story's bits would
        // depend on whether a position came in a prompt or was decoded.
        using var scope = NewDisposeScope();
        var generator = new Generator(37);
        var sharedKeys = randn(1, 12, keys, 64, generator: generator).to(dtype);
        var sharedValues = randn(1, 12, keys, 64, generator: generator).to(dtype);
        var queries = randn(rows, 12, 1, 64, generator: generator).to(dtype);
        // Each row sees a prefix of the keys, as a prompt's causal mask lets it; one sees none, one sees them all.
        var lengths = Enumerable.Range(0, rows).Select(r => (long)(r == 1 ? 0 : r == 2 ? keys : 1 + r * 7 % keys)).ToArray();
        var mask = arange(keys).view(1, keys).lt(tensor(lengths).view(rows, 1)).view(rows, 1, 1, keys);

        var together = OneQueryAttention.Attend(queries, sharedKeys.expand(rows, -1, -1, -1), sharedValues.expand(rows, -1, -1, -1), mask);

        for (var row = 0; row < rows; row++)
        {
            var alone = OneQueryAttention.Attend(queries.narrow(0, row, 1), sharedKeys, sharedValues, mask.narrow(0, row, 1));
            Assert.That(alone.eq(together.narrow(0, row, 1)).all().item<bool>(), Is.True, $"row {row}, {lengths[row]} of {keys} keys seen");
        }
        Assert.That(together[1].abs().max().to(ScalarType.Float32).item<float>(), Is.EqualTo(0f), "a row that sees no key gets zeros");
    }

    [TestCase(ScalarType.Float32)]
    [TestCase(ScalarType.BFloat16)]
    public void Bfloat16_queries_split_from_a_projection_give_the_bits_of_float32_queries_rounded_back(ScalarType cacheType)
    {
        Assume.That(OneQueryAttention.SupportsCache(ScalarType.BFloat16), "this CPU lacks AVX2");
        // A decode step's queries as CausalSelfAttention splits them: (1, D, 3C) → heads → (D, nh, 1, hs), not contiguous.
        using var scope = NewDisposeScope();
        var generator = new Generator(31);
        var (rows, heads, size, keys) = (5, 12, 64, 70);
        var projected = randn(1, rows, 3 * heads * size, generator: generator).to(ScalarType.BFloat16);
        var queries = projected.narrow(2, 0, heads * size).view(1, rows, heads, size).transpose(1, 2).transpose(0, 2);
        var (floatKeys, floatValues) = PoolViews(rows, heads, size, keys, generator);
        var (cacheKeys, cacheValues) = (floatKeys.to(cacheType), floatValues.to(cacheType));
        var mask = arange(keys).view(1, keys).lt(tensor(new long[] { 70, 1, 33, 69, 12 }).view(rows, 1)).view(rows, 1, 1, keys);
        Assert.That(queries.is_contiguous(), Is.False);

        var direct = OneQueryAttention.Attend(queries, cacheKeys, cacheValues, mask);
        var converted = OneQueryAttention.Attend(queries.to(ScalarType.Float32).contiguous(), cacheKeys, cacheValues, mask).to(ScalarType.BFloat16);

        Assert.That(direct.dtype, Is.EqualTo(ScalarType.BFloat16));
        Assert.That(direct.shape, Is.EqualTo(new long[] { rows, heads, 1, size }));
        Assert.That(direct.eq(converted).all().item<bool>(), Is.True);
    }

    [Test]
    public void A_row_whose_mask_hides_every_key_gets_zeros_and_the_others_are_unaffected()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(5);
        var (cacheKeys, cacheValues) = PoolViews(2, 2, 8, 10, generator);
        var queries = randn(2, 2, 1, 8, generator: generator);
        var mask = stack([zeros(10, ScalarType.Bool), ones(10, ScalarType.Bool)]).view(2, 1, 1, 10);

        var kernel = OneQueryAttention.Attend(queries, cacheKeys, cacheValues, mask);

        Assert.That(kernel[0].abs().max().item<float>(), Is.EqualTo(0f));
        var reference = nn.functional.scaled_dot_product_attention(queries[1..2], cacheKeys[1..2], cacheValues[1..2]);
        Assert.That((kernel[1..2] - reference).abs().max().item<float>(), Is.LessThan(1e-5f));
    }

    [Test]
    public void The_cpu_caches_keys_and_values_in_a_dtype_the_kernel_reads()
    {
        Assume.That(OneQueryAttention.SupportsCache(ScalarType.BFloat16), "this CPU lacks AVX2");
        Assert.That(Attention.CacheDType(CPU, ScalarType.BFloat16), Is.EqualTo(ScalarType.BFloat16));
        Assert.That(Attention.CacheDType(CPU, ScalarType.Float32), Is.EqualTo(ScalarType.Float32));
        Assert.That(Attention.CacheDType(CPU, ScalarType.Float16), Is.EqualTo(ScalarType.Float32), "the kernel reads no float16");
    }

    [Test]
    public void Tensors_it_cannot_take_are_refused_with_the_shapes_it_wants()
    {
        using var scope = NewDisposeScope();
        var keys = randn(1, 2, 5, 12); // a head size that is not a multiple of 8
        Assert.That(OneQueryAttention.Supports(randn(1, 2, 1, 12), keys, keys, null), Is.False);
        Assert.That(OneQueryAttention.Supports(randn(1, 2, 2, 16), randn(1, 2, 5, 16), randn(1, 2, 5, 16), null), Is.False, "two queries a row");
        Assert.That(OneQueryAttention.Supports(randn(1, 2, 1, 16).to(ScalarType.Float16), randn(1, 2, 5, 16), randn(1, 2, 5, 16), null), Is.False, "float16 queries");
        var spread = randn(1, 2, 16, 2).transpose(2, 3).narrow(2, 0, 1); // (1, 2, 1, 16), its elements 2 apart
        Assert.That(OneQueryAttention.Supports(spread, randn(1, 2, 5, 16), randn(1, 2, 5, 16), null), Is.False, "a head's elements apart");
        Assert.That(OneQueryAttention.Supports(spread.contiguous(), randn(1, 2, 5, 16), randn(1, 2, 5, 16), null), Is.True);
        Assert.That(() => OneQueryAttention.Attend(randn(1, 2, 1, 12), keys, keys, null),
            Throws.ArgumentException.With.Message.Contains("hs a multiple of 8"));
    }

    /// <summary>The largest |kernel − SDPA| with SDPA computed in float64 over the same (rounded) inputs.</summary>
    static double LargestDifference(Tensor kernel, Tensor queries, Tensor keys, Tensor values, Tensor? mask)
    {
        var reference = nn.functional.scaled_dot_product_attention(queries.to(ScalarType.Float64), keys.to(ScalarType.Float64),
            values.to(ScalarType.Float64), mask);
        return (kernel.to(ScalarType.Float64) - reference).abs().max().item<double>();
    }

    /// <summary>Rows 0..B−1 and keys 0..S−1 of a larger (B + 2, nh, S + 9, hs) pool filled at random: views with the pool's strides.</summary>
    static (Tensor Keys, Tensor Values) PoolViews(int batch, int heads, int size, int keys, Generator generator)
    {
        var keyPool = randn(batch + 2, heads, keys + 9, size, generator: generator);
        var valuePool = randn(batch + 2, heads, keys + 9, size, generator: generator);
        return (keyPool.narrow(0, 0, batch).narrow(2, 0, keys), valuePool.narrow(0, 0, batch).narrow(2, 0, keys));
    }
}
