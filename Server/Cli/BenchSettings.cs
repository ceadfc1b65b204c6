using System.Globalization;

namespace AdventureServer.Server.Cli;

/// <summary>The <c>bench</c> verb's options.</summary>
internal sealed record BenchSettings(
    int Streams, int PromptTokens, int NewTokens, int StaggerMs, int PrefillChunk, int? StepTokenBudget, int Threads, float Temperature = 0,
    bool BatchInvariant = true, int TopK = 0, float TopP = 1, float RepetitionPenalty = 1)
{
    /// <summary>How the streams choose their tokens, for the header.</summary>
    public string Sampling => string.Create(CultureInfo.InvariantCulture,
        $"{(Temperature > 0 ? $"temperature {Temperature} (seeds 1000 + stream)" : "greedy")}{(TopK > 0 ? $", top-k {TopK}" : "")}{(TopP < 1 ? $", top-p {TopP}" : "")}{(RepetitionPenalty != 1 ? $", repetition penalty {RepetitionPenalty}" : "")}");
}
