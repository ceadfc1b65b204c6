using System.Text;

namespace AdventureServer.Inference.Text;

/// <summary>
/// Turns one sequence's tokens into text as they arrive. GPT-2 splits an emoji or a CJK character
/// across tokens, so this works on the tokens' bytes and emits a character only once all of its UTF-8
/// bytes are in: no delta ever ends in half a character.
/// </summary>
public sealed class StreamingDetokenizer
{
    readonly Gpt2Tokenizer _tokenizer;

    // A UTF-8 decoder keeps an incomplete trailing sequence between calls, which is exactly the hold-back needed.
    readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();
    char[] _chars = new char[64];

    public StreamingDetokenizer(Gpt2Tokenizer tokenizer)
    {
        _tokenizer = tokenizer;
    }

    /// <summary>Adds a token; returns the text it completes (empty while a character is still partial).</summary>
    public string Push(int token) => DecodeBytes(_tokenizer.TokenBytes(token), flush: false);

    /// <summary>Ends the sequence: a character left incomplete becomes U+FFFD, as a whole-sequence decode would show it.</summary>
    public string Flush() => DecodeBytes([], flush: true);

    string DecodeBytes(ReadOnlySpan<byte> bytes, bool flush)
    {
        var needed = _decoder.GetCharCount(bytes, flush);
        if (needed > _chars.Length)
            _chars = new char[Math.Max(needed, 2 * _chars.Length)];
        var written = _decoder.GetChars(bytes, _chars, flush);
        return written == 0 ? "" : new string(_chars, 0, written);
    }
}
