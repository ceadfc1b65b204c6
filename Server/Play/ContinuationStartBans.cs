using System.Collections.Frozen;
using AdventureServer.Game.Text;
using AdventureServer.Inference.Text;

namespace AdventureServer.Server.Play;

/// <summary>
/// The tokens a continuation may not begin with, by <see cref="ContinuationStart.MayBeginWith"/>, as the engine's
/// <see cref="Inference.Serving.GenerationRequest.BannedFirstTokens"/>. That rule reads the prompt only for whether it
/// ends with a line break, so the vocabulary is walked once for each case (about 50 000 tokens, on first use) and
/// every turn picks one of the two sets. Every served model reads GPT-2's vocabulary (<see cref="Gpt2Tokenizer"/>),
/// so the sets hold for each of them.
/// </summary>
internal static class ContinuationStartBans
{
    static readonly Lazy<FrozenSet<int>> AfterLineBreak = new(() => Banned("\n"));
    static readonly Lazy<FrozenSet<int>> MidLine = new(() => Banned("."));

    /// <summary>The tokens a continuation of <paramref name="prompt"/> may not begin with.</summary>
    public static IReadOnlySet<int> For(string prompt) =>
        prompt.Length == 0 || prompt[^1] == '\n' ? AfterLineBreak.Value : MidLine.Value;

    static FrozenSet<int> Banned(string prompt)
    {
        var tokenizer = Gpt2Tokenizer.Shared;
        return Enumerable.Range(0, tokenizer.VocabSize)
            .Where(id => !ContinuationStart.MayBeginWith(prompt, tokenizer.Decode([id])))
            .ToFrozenSet();
    }
}
