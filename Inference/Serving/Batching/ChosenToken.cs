using AdventureServer.Inference.Sampling;

namespace AdventureServer.Inference.Serving.Batching;

/// <summary>A token the model runner chose for a sequence, with its log-probabilities when the request asked for them.</summary>
internal sealed record ChosenToken(Sequence Sequence, int Token, TokenLogProbs? LogProbs);
