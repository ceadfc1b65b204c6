using System.Diagnostics;
using AdventureServer.Inference.Model;
using static TorchSharp.torch;

namespace AdventureServer.Server.Cli;

/// <summary>
/// The single-sequence path the batching worker is measured against: one request at a time, the model,
/// a contiguous KV cache and argmax, on the calling thread.
/// </summary>
internal static class SequentialBaseline
{
    /// <summary>Generates greedily; returns the tokens and the time from start to each token (ms).</summary>
    public static (int[] Tokens, double[] TokenTimesMs) Generate(Gpt2Model model, IReadOnlyList<int> prompt, int maxNewTokens)
    {
        using var noGrad = no_grad();
        using var cache = new ContiguousKeyValueCache(model.Config, 1, prompt.Count + maxNewTokens, model.Device, model.DType);
        var clock = Stopwatch.StartNew();
        var tokens = new List<int>();
        var times = new List<double>();
        var next = Step(model, cache, prompt, 0, lastPositionOnly: true);
        while (true)
        {
            tokens.Add(next);
            times.Add(clock.Elapsed.TotalMilliseconds);
            if (next == model.Config.EosTokenId || tokens.Count == maxNewTokens)
                return ([.. tokens], [.. times]);
            next = Step(model, cache, [next], cache.Length, lastPositionOnly: false);
        }
    }

    static int Step(Gpt2Model model, ContiguousKeyValueCache cache, IReadOnlyList<int> tokens, int start, bool lastPositionOnly)
    {
        using var scope = NewDisposeScope();
        var ids = tensor(tokens.Select(t => (long)t).ToArray(), device: model.Device).view(1, tokens.Count);
        var logits = model.Forward(ids, model.Positions(start, tokens.Count), cache, lastPositionOnly: lastPositionOnly);
        cache.Advance(tokens.Count);
        return (int)logits[0, -1].argmax().item<long>();
    }
}
