using AdventureServer.Inference.Serving.Scheduling;

namespace AdventureServer.Inference.Tests.Serving.Scheduling;

/// <summary>Builds scheduler states from plain values: no model, no tensors, no clock.</summary>
internal static class Plans
{
    /// <summary>Rows of 1024 positions, chunks of <paramref name="chunk"/>, at least 8 a step under a budget, at most <paramref name="maxPrefill"/> without one.</summary>
    public static Scheduler Scheduler(int slots, int chunk = 128, int budget = 0, int maxPrefill = 2048) =>
        new(new EngineSettings(slots, Capacity: 1024, ChunkTokens: chunk, StepTokenBudget: budget, MinChunkTokens: 8, MaxPrefillTokens: maxPrefill, PadDecodeSteps: false));

    public static WaitingRequest Waiting(long id, string key, int promptLength = 4, int priority = 0) =>
        new(id, key, priority, Prompt(promptLength));

    public static int[] Prompt(int length, int first = 1) => Enumerable.Range(first, length).ToArray();

    /// <summary>A state of <paramref name="slots"/> rows: the decoding ones first, then the prefilling ones, then the prefixes; the rest free.</summary>
    public static SchedulerState State(int slots, IEnumerable<WaitingRequest>? waiting = null, IEnumerable<long>? decoding = null,
        IEnumerable<PrefillingRequest>? prefilling = null, IEnumerable<CachedPrefix>? prefixes = null)
    {
        var decodingIds = decoding?.ToList() ?? [];
        var prefillingList = prefilling?.ToList() ?? [];
        var prefixList = prefixes?.ToList() ?? [];
        var held = decodingIds.Count + prefillingList.Count;
        var prefixRows = prefixList.Select(p => p.Row).ToHashSet();
        var free = Enumerable.Range(held, slots - held).Where(row => !prefixRows.Contains(row)).ToList();
        return new SchedulerState(waiting?.ToList() ?? [], decodingIds, prefillingList, prefixList, free);
    }
}
