using AdventureServer.Inference.Model;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Model;

public class KeyValueCacheTests
{
    static readonly long[] Tokens = [464, 3290, 286, 262, 1110, 373, 257, 1588, 11, 290, 340, 13];

    [Test]
    public void Decoding_token_by_token_with_the_cache_gives_the_logits_of_recomputing_the_whole_sequence()
    {
        using var model = TinyModels.Random().PrepareForInference();
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var full = model.Forward(tensor(Tokens).view(1, -1), model.Positions(0, Tokens.Length)); // (1, T, V)

        using var cache = new ContiguousKeyValueCache(model.Config, 1, 32, CPU, ScalarType.Float32);
        for (var t = 0; t < Tokens.Length; t++)
        {
            var step = model.Forward(tensor(Tokens[t..(t + 1)]).view(1, 1), model.Positions(t, 1), cache); // (1, 1, V)
            cache.Advance(1);
            Assert.That((step[0, 0] - full[0, t]).abs().max().item<float>(), Is.LessThan(1e-5), $"position {t}");
        }
    }

    [Test]
    public void Chunked_prefill_after_a_cached_prefix_gives_the_logits_of_recomputing_the_whole_sequence()
    {
        using var model = TinyModels.Random().PrepareForInference();
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var full = model.Forward(tensor(Tokens).view(1, -1), model.Positions(0, Tokens.Length));

        using var cache = new ContiguousKeyValueCache(model.Config, 1, 32, CPU, ScalarType.Float32);
        var chunks = new[] { (0, 5), (5, 4), (9, 3) };
        foreach (var (start, length) in chunks)
        {
            var chunk = model.Forward(tensor(Tokens[start..(start + length)]).view(1, -1), model.Positions(start, length), cache); // (1, T, V)
            cache.Advance(length);
            Assert.That((chunk[0] - full[0].narrow(0, start, length)).abs().max().item<float>(), Is.LessThan(1e-5), $"chunk at {start}");
        }
        Assert.That(cache.Length, Is.EqualTo(Tokens.Length));
    }

    [Test]
    public void Last_position_only_gives_the_last_row_of_the_full_logits()
    {
        using var model = TinyModels.Random().PrepareForInference();
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var idx = tensor(Tokens).view(1, -1);

        var full = model.Forward(idx, model.Positions(0, Tokens.Length));
        var last = model.Forward(idx, model.Positions(0, Tokens.Length), lastPositionOnly: true);

        Assert.That(last.shape, Is.EqualTo(new long[] { 1, 1, model.Config.VocabSize }));
        Assert.That((last[0, 0] - full[0, -1]).abs().max().item<float>(), Is.LessThan(1e-5));
    }
}
