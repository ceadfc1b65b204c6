using static TorchSharp.torch;

namespace AdventureServer.Inference.Sampling;

/// <summary>
/// Tokens a generation may not begin with (<see cref="Serving.GenerationRequest.BannedFirstTokens"/>): their logits are
/// set to −∞ for the choice of the first generated token only. The batching worker and the sequential generator both
/// ban through here, so they choose the same first token.
/// </summary>
public static class FirstTokenBan
{
    /// <summary>Refuses ids outside the vocabulary.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is negative or not below <paramref name="vocabulary"/>.</exception>
    public static void Check(IReadOnlySet<int>? banned, long vocabulary)
    {
        if (banned is not null && banned.Any(id => id < 0 || id >= vocabulary))
            throw new ArgumentOutOfRangeException(nameof(banned), $"Banned first tokens must be in [0, {vocabulary}).");
    }

    /// <summary>The logits with the banned tokens at −∞ (a copy), or the logits themselves when nothing is banned.</summary>
    /// <param name="logits">(B, V) or (V) logits, any float dtype; left untouched.</param>
    /// <param name="banned">Token ids, all inside the vocabulary; null or empty bans nothing.</param>
    public static Tensor Apply(Tensor logits, IReadOnlySet<int>? banned)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (banned is null || banned.Count == 0)
            return logits;
        var ids = tensor(banned.Select(id => (long)id).ToArray(), ScalarType.Int64, logits.device);
        return logits.index_fill(logits.dim() - 1, ids, double.NegativeInfinity);
    }
}
