namespace AdventureServer.Inference.Serving.Scheduling;

/// <summary>What one step of continuous batching does, as the <see cref="Scheduler"/> decided it.</summary>
/// <param name="Evictions">Cached prefixes dropped to make room, before the admissions.</param>
/// <param name="Admissions">Waiting requests admitted into rows, in the order they were chosen.</param>
/// <param name="Chunks">Prompt chunks to prefill, in admission order.</param>
/// <param name="Decode">
/// The requests that decode one token, in row order: those decoding when the step begins. Where the decode runs
/// as a pass of its own (CUDA graphs), prompts the step's chunks complete join it.
/// </param>
internal sealed record StepPlan(
    IReadOnlyList<Eviction> Evictions,
    IReadOnlyList<Admission> Admissions,
    IReadOnlyList<PlannedChunk> Chunks,
    IReadOnlyList<long> Decode)
{
    /// <summary>Prompt tokens the step prefills.</summary>
    public int PrefillTokens => Chunks.Sum(c => c.Count);

    /// <summary>Tokens the step's forward passes carry: the decoding rows and the prompt chunks.</summary>
    public int Tokens => Decode.Count + PrefillTokens;
}
