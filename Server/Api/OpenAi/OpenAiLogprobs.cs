using System.Threading.Channels;
using AdventureServer.Inference.Sampling;
using AdventureServer.Inference.Text;

namespace AdventureServer.Server.Api.OpenAi;

/// <summary>
/// The engine's per-token log-probabilities in OpenAI's two shapes. Every generated token is reported, those of a
/// stop sequence too (they are counted in <c>completion_tokens</c> as well), each as its own text: a token holding
/// part of a UTF-8 character reads as U+FFFD, and its <c>bytes</c> (chat) say which.
/// </summary>
public static class OpenAiLogprobs
{
    /// <summary>Completions' shape, with <paramref name="top"/> alternatives per token.</summary>
    /// <param name="tokens">The tokens' log-probabilities.</param>
    /// <param name="offset">Where the first token's text starts in the choice's text; moved past the last one's.</param>
    /// <param name="top">Alternatives to list per token.</param>
    public static CompletionLogprobs Completion(IReadOnlyList<TokenLogProbs> tokens, ref int offset, int top)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var texts = tokens.Select(t => Text(t.TokenId)).ToList();
        var offsets = new List<int>(tokens.Count);
        foreach (var text in texts)
        {
            offsets.Add(offset);
            offset += text.Length;
        }
        var alternativesPerToken = tokens.Select(t =>
        {
            var alternatives = new Dictionary<string, float>(StringComparer.Ordinal);
            foreach (var alternative in t.Top.Take(top))
                alternatives.TryAdd(Text(alternative.TokenId), alternative.LogProb); // two ids may read alike; the likelier stays
            return alternatives;
        }).ToList();
        return new CompletionLogprobs(texts, tokens.Select(t => t.LogProb).ToList(), alternativesPerToken, offsets);
    }

    /// <summary>Chat's shape, with <paramref name="top"/> alternatives per token.</summary>
    public static ChatLogprobs Chat(IReadOnlyList<TokenLogProbs> tokens, int top)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return new ChatLogprobs(tokens.Select(t => new ChatTokenLogprob(Text(t.TokenId), t.LogProb, Bytes(t.TokenId),
            t.Top.Take(top).Select(a => new ChatTopLogprob(Text(a.TokenId), a.LogProb, Bytes(a.TokenId))).ToList())).ToList());
    }

    /// <summary>The log-probabilities that have arrived, for the stream chunk being written.</summary>
    public static List<TokenLogProbs> Drain(ChannelReader<TokenLogProbs> reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var arrived = new List<TokenLogProbs>();
        while (reader.TryRead(out var item))
            arrived.Add(item);
        return arrived;
    }

    static string Text(int id) => Gpt2Tokenizer.Shared.Decode([id]);

    static int[] Bytes(int id) => Gpt2Tokenizer.Shared.TokenBytes(id).ToArray().Select(b => (int)b).ToArray();
}
