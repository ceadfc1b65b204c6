using Microsoft.ML.Tokenizers;

namespace AdventureServer.Inference.Serving;

/// <summary>GPT-2's byte-level BPE from Microsoft.ML.Tokenizers (the vocabulary ships in a package), as the worker's codec.</summary>
public sealed class TiktokenCodec : ITokenCodec
{
    readonly Tokenizer _tokenizer;

    public TiktokenCodec(Tokenizer tokenizer) => _tokenizer = tokenizer;

    /// <summary>The GPT-2 vocabulary.</summary>
    public static TiktokenCodec Gpt2() => new(TiktokenTokenizer.CreateForModel("gpt2"));

    public IReadOnlyList<int> Encode(string text) => _tokenizer.EncodeToIds(text);

    public string Decode(IReadOnlyList<int> tokens) => _tokenizer.Decode(tokens);
}
