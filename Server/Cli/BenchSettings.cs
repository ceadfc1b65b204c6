using System.Globalization;

namespace AdventureServer.Server.Cli;

/// <summary>The <c>bench</c> verb's options.</summary>
internal sealed record BenchSettings(
    int Streams, int PromptTokens, int NewTokens, int StaggerMs, int PrefillChunk, int? StepTokenBudget, int Threads, float Temperature = 0,
    bool BatchInvariant = true, int TopK = 0, float TopP = 1, float RepetitionPenalty = 1)
{
    /// <summary>How the streams choose their tokens, for the header.</summary>
    public string Sampling
    {
        get
        {
            var parts = new List<string> { Temperature > 0 ? Invariant($"temperature {Temperature} (seeds 1000 + stream)") : "greedy" };
            if (TopK > 0)
                parts.Add(Invariant($"top-k {TopK}"));
            if (TopP < 1)
                parts.Add(Invariant($"top-p {TopP}"));
            if (RepetitionPenalty != 1)
                parts.Add(Invariant($"repetition penalty {RepetitionPenalty}"));
            return string.Join(", ", parts);
        }
    }

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
