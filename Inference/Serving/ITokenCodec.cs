namespace AdventureServer.Inference.Serving;

/// <summary>Turns text into the model's token ids and back; the worker's only view of the tokenizer.</summary>
public interface ITokenCodec
{
    /// <summary>The token ids of <paramref name="text"/>.</summary>
    IReadOnlyList<int> Encode(string text);

    /// <summary>
    /// The text of <paramref name="tokens"/>. Byte-level tokenizers may end in U+FFFD when the tokens stop
    /// inside a character; the worker then waits for the next token before emitting.
    /// </summary>
    string Decode(IReadOnlyList<int> tokens);
}
