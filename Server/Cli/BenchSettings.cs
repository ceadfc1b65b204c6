namespace AdventureServer.Server.Cli;

/// <summary>The <c>bench</c> verb's options.</summary>
internal sealed record BenchSettings(
    int Streams, int PromptTokens, int NewTokens, int StaggerMs, int PrefillChunk, int? StepTokenBudget, int Threads, float Temperature = 0,
    bool BatchInvariant = true);
