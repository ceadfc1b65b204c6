namespace AdventureServer.Inference.Sampling;

/// <summary>
/// The chosen token of one position with its log-probability, and the most likely tokens there (most likely first),
/// all from the logits the sampler chose it from, before temperature, penalties and bans.
/// </summary>
public sealed record TokenLogProbs(int TokenId, float LogProb, IReadOnlyList<TokenLogProb> Top);
