using static TorchSharp.torch;

namespace AdventureServer.Inference.Sampling;

/// <summary>
/// Log-probabilities of the chosen tokens and the top-N alternatives, from the (B, V) logits the sampler chose from:
/// a log-softmax in float32 on the device, then one copy of B × (N + 1) numbers to the host. Only steps with a row
/// that asked for them pay for it.
/// </summary>
public static class LogProbabilities
{
    /// <param name="logits">(B, V) logits, any float dtype; left untouched.</param>
    /// <param name="chosen">The B tokens chosen.</param>
    /// <param name="top">How many of the likeliest tokens to report per row (the largest any row asked for).</param>
    public static TokenLogProbs[] Of(Tensor logits, IReadOnlyList<long> chosen, int top)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(chosen);
        if (logits.dim() != 2 || logits.size(0) != chosen.Count)
            throw new ArgumentException("Logits must be (B, V) with one chosen token per row.", nameof(logits));
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var batch = (int)logits.size(0);
        var k = (int)Math.Clamp(top, 1, logits.size(1));
        var logProbs = logits.to(ScalarType.Float32).log_softmax(1); // (B, V)
        var ids = tensor(chosen.ToArray(), ScalarType.Int64, logits.device).unsqueeze(1); // (B, 1)
        var picked = logProbs.gather(1, ids).squeeze(1).cpu().data<float>().ToArray(); // (B)
        var (values, indices) = logProbs.topk(k, 1); // (B, k) each
        var topValues = values.cpu().data<float>().ToArray();
        var topIds = indices.cpu().data<long>().ToArray();
        var result = new TokenLogProbs[batch];
        for (var row = 0; row < batch; row++)
        {
            var alternatives = new TokenLogProb[k];
            for (var j = 0; j < k; j++)
                alternatives[j] = new TokenLogProb((int)topIds[row * k + j], topValues[row * k + j]);
            result[row] = new TokenLogProbs((int)chosen[row], picked[row], alternatives);
        }
        return result;
    }
}
