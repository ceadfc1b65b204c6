using System.Globalization;
using AdventureServer.Inference.Serving;

namespace AdventureServer.Inference.Tests.Serving;

/// <summary>A tokenizer for random-weight models: token n is the text "[n]", so deltas can be read back as ids.</summary>
internal sealed class TokenIdCodec : ITokenCodec
{
    public IReadOnlyList<int> Encode(string text) =>
        text.Split(['[', ']'], StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    public string Decode(IReadOnlyList<int> tokens) => string.Concat(tokens.Select(t => $"[{t}]"));
}
