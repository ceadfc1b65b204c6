using AdventureServer.Inference.Sampling;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Serving.Batching;

/// <summary>
/// Chooses one sequence's next token from its logits with its own seeded generator, so a request's
/// output does not depend on what else is in the batch. Greedy sequences are chosen for the whole batch
/// at once by the engine (see <see cref="IsPlainArgmax"/>) and never reach <see cref="Next"/>.
/// </summary>
internal sealed class SequenceSampler(SamplingSettings settings)
{
    readonly Generator _generator = new((ulong)(settings.Seed ?? Random.Shared.NextInt64()));

    public bool IsGreedy => settings.Temperature <= 0;

    /// <summary>Plain greedy: the batch's argmax is this sequence's token, no per-row work needed.</summary>
    public bool IsPlainArgmax => IsGreedy && settings.BannedTokenIds.Count == 0 && settings.RepetitionPenalty == 1.0f;

    /// <summary>The next token from (V) logits; call inside a dispose scope.</summary>
    public int Next(Tensor logits, IReadOnlyList<int> context)
    {
        logits = logits.to_type(ScalarType.Float32).clone();
        if (settings.BannedTokenIds.Count > 0)
            logits.index_fill_(0, tensor(settings.BannedTokenIds.Select(t => (long)t).ToArray(), device: logits.device), float.NegativeInfinity);
        if (settings.RepetitionPenalty != 1.0f && context.Count > 0)
        {
            var seen = tensor(context.Distinct().Select(t => (long)t).ToArray(), device: logits.device);
            var scores = logits.index_select(0, seen);
            scores = where(scores > 0, scores / settings.RepetitionPenalty, scores * settings.RepetitionPenalty);
            logits.index_copy_(0, seen, scores);
        }
        if (IsGreedy)
            return (int)logits.argmax().item<long>();
        logits /= settings.Temperature;
        if (settings.TopK > 0 && settings.TopK < logits.shape[0])
        {
            var kth = logits.topk(settings.TopK).values[settings.TopK - 1];
            logits = logits.masked_fill(logits < kth, float.NegativeInfinity);
        }
        var probabilities = nn.functional.softmax(logits, 0);
        if (settings.TopP < 1.0f)
        {
            var (sorted, order) = probabilities.sort(descending: true);
            var before = sorted.cumsum(0) - sorted; // probability mass ahead of each token
            sorted = sorted.masked_fill(before >= settings.TopP, 0);
            probabilities = zeros_like(probabilities).scatter_(0, order, sorted);
        }
        return (int)multinomial(probabilities, 1, generator: _generator).item<long>();
    }
}
