using TorchSharp;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Sampling;

/// <summary>
/// Chooses the next token of every row of a batch at once, by <see cref="Sampler"/>'s rules: in float32,
/// divide by the temperature, ban, apply Hugging Face's repetition penalty; greedy rows (temperature 0) take
/// the argmax, the others keep their top-k and top-p tokens and draw with the exponential race. The race's
/// noise comes from <see cref="CounterRandom"/>, so a draw depends only on the row's seed, the position being
/// chosen and the token id: not on the batch, the row's index, or any generator's state.
/// <para>
/// With <see cref="SamplingFeatures.All"/> the path is one fixed sequence of tensor ops on static shapes:
/// no <c>item()</c>, no copy to the host, no branch on tensor data (every per-row choice is a mask or a
/// <c>where</c>), so it can be captured in a CUDA graph. With fewer features (from
/// <see cref="SamplingRows.FeaturesOf(int, int)"/>) the eager path skips what no row needs, and when every drawing row
/// has a top-k it races among the widest top-k instead of sorting the vocabulary; it chooses the same tokens
/// (barring exact ties in the logits).
/// </para>
/// </summary>
public static class BatchSampler
{
    /// <summary>Chooses each row's next token, where the logits live.</summary>
    /// <param name="logits">(B, V) logits of the last position, any float dtype; left untouched.</param>
    /// <param name="positions">(B) int64: the position of the token being chosen, the random numbers' counter.</param>
    /// <param name="rows">The settings; rows 0..B−1 go with the logits' rows.</param>
    /// <param name="features">What the batch needs: <see cref="SamplingRows.FeaturesOf(int, int)"/>, or <see cref="SamplingFeatures.All"/>.</param>
    /// <param name="firstRow">The row of <paramref name="rows"/> that goes with the logits' first row (0 for a batch of rows 0..B−1).</param>
    /// <returns>(B) int64 token ids, in the caller's dispose scope.</returns>
    public static Tensor Choose(Tensor logits, Tensor positions, SamplingRows rows, SamplingFeatures features, int firstRow = 0)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(rows);
        if (logits.dim() != 2 || logits.size(1) != rows.Vocabulary || firstRow < 0 || firstRow + logits.size(0) > rows.Capacity)
            throw new ArgumentException($"Logits must be (B, {rows.Vocabulary}) with the first row + B at most {rows.Capacity}.", nameof(logits));
        if (positions.dim() != 1 || positions.size(0) != logits.size(0) || positions.dtype != ScalarType.Int64)
            throw new ArgumentException("Positions must be (B) int64, one per row of logits.", nameof(positions));

        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var batch = logits.size(0);
        var first = firstRow;
        if (features == SamplingFeatures.None)
            return RowArgmax.Of(logits).MoveToOuterDisposeScope(); // float32 would not change the order

        var sampling = features.HasFlag(SamplingFeatures.Sampling);
        var temperature = rows.Temperature.narrow(0, first, batch).unsqueeze(1); // (B, 1)
        var greedy = temperature == 0; // (B, 1)
        // One float32 copy to work on; greedy rows divide by 1. Dividing first, as Sampler does, rounds alike.
        var x = sampling ? logits.to(ScalarType.Float32).div(temperature.masked_fill(greedy, 1)) : logits.to(ScalarType.Float32, copy: true); // (B, V)
        if (features.HasFlag(SamplingFeatures.Penalties))
            x = Penalise(x, rows, first, batch);
        var argmax = RowArgmax.Of(x); // (B)
        if (!sampling)
            return argmax.MoveToOuterDisposeScope();

        var drawn = Draw(x, positions, rows, first, batch, features);
        return where(greedy.squeeze(1), argmax, drawn).MoveToOuterDisposeScope();
    }

    static Tensor Penalise(Tensor x, SamplingRows rows, int first, long batch)
    {
        var (banned, seen, penalty) = (rows.Banned.narrow(0, first, batch), rows.Seen.narrow(0, first, batch), rows.RepetitionPenalty.narrow(0, first, batch));
        if (Penalties.TryApply(x, banned, seen, penalty)) // the CPU: one pass in place, the same bits
            return x;
        x.masked_fill_(banned, double.NegativeInfinity);
        // Hugging Face's rule: a seen token's positive logit is divided by the penalty, a negative one multiplied.
        var p = penalty.unsqueeze(1); // (B, 1)
        var penalised = where(x > 0, x / p, x * p);
        return where(seen, penalised, x);
    }

    // Draws each row's token among its candidates: every token when no row truncates; else the tokens in
    // descending order, all of them (a sort) or, when every drawing row has a top-k, the widest top-k.
    static Tensor Draw(Tensor x, Tensor positions, SamplingRows rows, int first, long batch, SamplingFeatures features)
    {
        var seeds = rows.Seed.narrow(0, first, batch);
        if (!features.HasFlag(SamplingFeatures.TopK) && !features.HasFlag(SamplingFeatures.Nucleus))
            return Race(x, arange(x.size(1), ScalarType.Int64, x.device), seeds, positions);

        var width = features.HasFlag(SamplingFeatures.Nucleus) ? rows.Vocabulary : rows.CandidateWidth(first, (int)batch);
        // On the CPU a top-k of a few dozen is many times cheaper than a sort of the whole vocabulary.
        var (candidates, ids) = width < rows.Vocabulary ? RowTopK.TryOf(x, (int)width) ?? x.topk((int)width, 1) : x.sort(1, descending: true); // (B, W) each
        var chosen = Race(Truncate(candidates, rows, first, batch), ids, seeds, positions); // (B) index into the W candidates
        return ids.gather(1, chosen.unsqueeze(1)).squeeze(1);
    }

    // Sets to −inf each row's sorted candidates outside its top k (k > 0) and outside its nucleus (p < 1): a
    // token stays while the probability before it is below p, Sampler's rule, so with a top-k the nucleus is
    // taken among those k.
    static Tensor Truncate(Tensor sorted, SamplingRows rows, int first, long batch)
    {
        var rank = arange(sorted.size(1), ScalarType.Int64, sorted.device); // (W)
        var k = rows.TopK.narrow(0, first, batch).unsqueeze(1); // (B, 1)
        var truncated = sorted.masked_fill((k > 0) & (rank >= k), double.NegativeInfinity); // (B, W)
        var probabilities = truncated.softmax(1);
        var before = probabilities.cumsum(1) - probabilities;
        var p = rows.TopP.narrow(0, first, batch).unsqueeze(1); // (B, 1)
        // p = 1 keeps all even where rounding lifts the mass before a token to 1.
        return truncated.masked_fill_((p < 1) & (before >= p), double.NegativeInfinity);
    }

    // The exponential race: the argmax of p / E with E ~ Exp(1) is a draw from p = softmax(x). In log space
    // it is the argmax of x − log E, which needs no softmax. Each token's E is keyed by its id, so the same
    // token wins whichever candidates and in whichever order the row's tokens come.
    static Tensor Race(Tensor x, Tensor ids, Tensor seeds, Tensor positions)
    {
        var exponential = CounterRandom.Uniform(seeds, positions, ids).log_().neg_(); // (B, W)
        return RowArgmax.Of(x.sub(exponential.log_())); // (B)
    }
}
