namespace AdventureServer.Server.Hubs.Contracts;

/// <summary>
/// An adventure's generation settings, sent and received. The server clamps every number into its limits
/// and answers with what it stored.
/// </summary>
/// <param name="Temperature">Sampling temperature; 0 means greedy.</param>
/// <param name="TopK">Keep the k most likely tokens; 0 means off.</param>
/// <param name="TopP">Nucleus mass in (0, 1].</param>
/// <param name="RepetitionPenalty">1 means off.</param>
/// <param name="MaxNewTokens">Most tokens per continuation.</param>
/// <param name="Seed">Same seed and same story give the same text; null means random.</param>
/// <param name="StopSequences">Generation stops at (and leaves out) the first of these.</param>
public sealed record SettingsView(
    double Temperature,
    int TopK,
    double TopP,
    double RepetitionPenalty,
    int MaxNewTokens,
    long? Seed,
    IReadOnlyList<string> StopSequences);
