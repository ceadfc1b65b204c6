using AdventureServer.Inference.Sampling;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Sampling;

public class CounterRandomTests
{
    static readonly long[] Extremes = [0, 1, -1, long.MinValue, long.MaxValue, 0x1234_5678_9ABC_DEF0, -0x7777_0000_1111_2222];

    // SplitMix64's output function as published, on ulong.
    static ulong SplitMix64(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    [Test]
    public void Mix_gives_the_bits_of_SplitMix64_on_ulong_even_for_negative_and_extreme_inputs()
    {
        var random = new Random(3);
        long[] inputs = [.. Extremes, .. Enumerable.Range(0, 100).Select(_ => random.NextInt64(long.MinValue, long.MaxValue))];
        using var scope = NewDisposeScope();

        var mixed = CounterRandom.Mix(tensor(inputs)).data<long>().ToArray();

        Assert.That(mixed, Is.EqualTo(inputs.Select(i => unchecked((long)SplitMix64((ulong)i))).ToArray()));
        // SplitMix64 seeded with 0 first returns 0xE220A8397B1DCDAF.
        Assert.That(unchecked((ulong)CounterRandom.Mix(tensor(new[] { unchecked((long)0x9E3779B97F4A7C15UL) })).item<long>()), Is.EqualTo(0xE220A8397B1DCDAFUL));
    }

    [Test]
    public void On_the_cpu_the_one_pass_gives_the_bits_of_the_tensor_ops_for_shared_and_per_row_ids()
    {
        using var scope = NewDisposeScope();
        var seeds = tensor(Extremes);
        var positions = tensor(Extremes.Reverse().ToArray());
        var shared = arange(50_257L); // not a multiple of 8: the tail too
        var perRow = randint(0, 50_257, [Extremes.Length, 43], ScalarType.Int64, generator: new Generator(4));

        foreach (var ids in new[] { shared, perRow })
        {
            var fast = CounterRandomOnCpu.TryUniform(seeds, positions, ids);
            Assert.That(fast, Is.Not.Null);
            Assert.That(fast!.data<float>().ToArray(), Is.EqualTo(CounterRandom.UniformByTensorOps(seeds, positions, ids).data<float>().ToArray()));
        }
        Assert.That(CounterRandomOnCpu.TryUniform(seeds, positions, perRow.t()), Is.Null, "not contiguous: the tensor ops");
    }

    [Test]
    public void Uniforms_lie_strictly_between_zero_and_one_and_average_a_half_even_for_extreme_seeds_and_positions()
    {
        using var scope = NewDisposeScope();

        var uniform = CounterRandom.Uniform(tensor(Extremes), tensor(Extremes.Reverse().ToArray()), arange(20_000L));

        Assert.That(uniform.dtype, Is.EqualTo(ScalarType.Float32));
        Assert.That(uniform.min().item<float>(), Is.GreaterThan(0f));
        Assert.That(uniform.max().item<float>(), Is.LessThan(1f));
        Assert.That(uniform.mean().item<float>(), Is.EqualTo(0.5f).Within(0.005f));
        Assert.That(uniform.log().neg().isfinite().all().item<bool>(), Is.True, "the exponential of every uniform is finite");
    }

    [Test]
    public void A_number_depends_only_on_its_seed_position_and_token_id()
    {
        using var scope = NewDisposeScope();

        var batch = CounterRandom.Uniform(tensor(new long[] { 7, 42, 7 }), tensor(new long[] { 3, 9, 4 }), arange(100L));
        var alone = CounterRandom.Uniform(tensor(new long[] { 42 }), tensor(new long[] { 9 }), tensor(new long[] { 60, 2, 99 }));

        Assert.That(alone[0].data<float>().ToArray(), Is.EqualTo(batch[1].index(tensor(new long[] { 60, 2, 99 })).data<float>().ToArray()));
        Assert.That(batch[0].eq(batch[2]).sum().item<long>(), Is.LessThan(2), "another position, other numbers");
    }

    [Test]
    public void Neighbouring_positions_are_not_shifted_copies_of_one_stream()
    {
        using var scope = NewDisposeScope();

        var uniform = CounterRandom.Uniform(tensor(new long[] { 5, 5 }), tensor(new long[] { 10, 11 }), arange(1000L));
        var (here, next) = (uniform[0, 1..], uniform[1, ..^1]);

        Assert.That(here.eq(next).to(ScalarType.Float32).mean().item<float>(), Is.LessThan(0.01f));
        var correlation = corrcoef(stack([here, next])).data<float>()[1];
        Assert.That(Math.Abs(correlation), Is.LessThan(0.1f));
    }
}
