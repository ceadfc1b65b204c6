namespace AdventureServer.Inference.Serving.Batching;

/// <summary>What one forward pass of the model runner chose.</summary>
/// <param name="Decoded">The next token of each decoding sequence, in row order.</param>
/// <param name="FirstTokens">The first token of each sequence whose prompt the pass completed, in chunk order.</param>
internal sealed record PassOutput(IReadOnlyList<ChosenToken> Decoded, IReadOnlyList<ChosenToken> FirstTokens)
{
    public static PassOutput Empty { get; } = new([], []);

    /// <summary>Tokens chosen.</summary>
    public int Count => Decoded.Count + FirstTokens.Count;
}
