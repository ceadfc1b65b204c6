namespace AdventureServer.Inference.Sampling;

/// <summary>A token and its log-probability under the model's distribution at one position.</summary>
public sealed record TokenLogProb(int TokenId, float LogProb);
