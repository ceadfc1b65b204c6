namespace AdventureServer.Inference.Serving.Scheduling;

/// <summary>
/// Decides each step of continuous batching, as vLLM's scheduler does, and runs nothing: from the engine's
/// <see cref="SchedulerState"/> it returns a <see cref="StepPlan"/>, which the engine carries out on the model.
/// It knows no tensors and no clocks, so every rule below is tested on plain values.
/// </summary>
/// <remarks>
/// <list type="number">
/// <item>Admission: while live requests hold fewer rows than the pool has, the next waiting request by
/// <see cref="FairShare"/> gets a row: its key's cached prefix when that holds the start of its prompt (at least
/// the prompt's last token is left to prefill, since its logits choose the first new token), else the lowest
/// free row, else the row of the least recently kept prefix, which is evicted.</item>
/// <item>Prefill: the prefilling requests, in admission order, get chunks of their prompts while the step has
/// room (<see cref="EngineSettings.PrefillRoom"/>, cut by <see cref="EngineSettings.ChunkFor"/>). Under a token
/// budget (the CPU) only the first prompt gets a chunk: letting the room spill into a second one made the
/// bench's ITL p99 at 8 streams worse (143–153 ms against 118–128 ms), for no clear speedup.</item>
/// <item>Decode: every decoding request decodes one token.</item>
/// </list>
/// The scheduler keeps one piece of state between steps: which key was served when (<see cref="FairShare"/>).
/// </remarks>
internal sealed class Scheduler(EngineSettings settings)
{
    readonly FairShare _fairShare = new();

    public EngineSettings Settings => settings;

    /// <summary>Plans the next step.</summary>
    public StepPlan Plan(SchedulerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var evictions = new List<Eviction>();
        var admissions = new List<Admission>();
        var admitted = new List<PrefillingRequest>();
        var live = state.Decoding.Count + state.Prefilling.Count;
        if (live < settings.Slots && state.Waiting.Count > 0)
        {
            var waiting = state.Waiting.ToList();
            var free = new Queue<int>(state.FreeRows.Order());
            var prefixes = state.Prefixes.ToDictionary(p => p.Key, StringComparer.Ordinal);
            while (live < settings.Slots && waiting.Count > 0)
            {
                var next = _fairShare.TakeNext(waiting);
                var (row, reused) = RowFor(next, free, prefixes, evictions);
                admissions.Add(new Admission(next.Id, row, reused));
                admitted.Add(new PrefillingRequest(next.Id, next.Prompt.Count, reused));
                live++;
            }
        }
        var chunks = PlanPrefill(state.Prefilling.Concat(admitted), state.Decoding.Count);
        return new StepPlan(evictions, admissions, chunks, state.Decoding);
    }

    static (int Row, int Reused) RowFor(WaitingRequest request, Queue<int> free, Dictionary<string, CachedPrefix> prefixes, List<Eviction> evictions)
    {
        if (request.Key.Length > 0 && prefixes.TryGetValue(request.Key, out var entry))
        {
            var reused = Math.Min(entry.CommonPrefixLength(request.Prompt), request.Prompt.Count - 1);
            if (reused > 0)
            {
                prefixes.Remove(request.Key);
                return (entry.Row, reused);
            }
        }
        if (free.Count > 0)
            return (free.Dequeue(), 0);
        // Rows = live + prefixes + free, and live < slots: with no row free, a prefix holds one.
        var oldest = prefixes.Values.MinBy(p => p.LastUsed)
            ?? throw new InvalidOperationException("No row is free and no cached prefix holds one, though fewer requests are live than the pool has rows.");
        prefixes.Remove(oldest.Key);
        evictions.Add(new Eviction(oldest.Key, oldest.Row, EvictionReason.RowNeeded));
        return (oldest.Row, 0);
    }

    List<PlannedChunk> PlanPrefill(IEnumerable<PrefillingRequest> prefilling, int decoding)
    {
        var chunks = new List<PlannedChunk>();
        var room = settings.PrefillRoom(decoding);
        foreach (var request in prefilling)
        {
            if (room <= 0)
                break;
            var count = settings.ChunkFor(request.PromptLength - request.CachedLength, room);
            chunks.Add(new PlannedChunk(request.Id, request.CachedLength, count, request.CachedLength + count == request.PromptLength));
            room -= count;
            if (settings.StepTokenBudget > 0)
                break;
        }
        return chunks;
    }
}
