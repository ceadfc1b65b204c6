namespace AdventureServer.Server.Workers;

/// <summary>
/// Picks the inference worker for each turn of a story: the story's rendezvous worker while it is alive and not
/// saturated, so the story's prefix stays in that worker's KV cache; otherwise the least loaded live worker.
/// </summary>
/// <remarks>
/// <para>
/// Membership (<see cref="AddWorker(string, int, string)"/>, <see cref="RemoveWorker"/>) comes from the cluster; load comes from the
/// workers' <see cref="Report"/>s, corrected between reports by the turns this router sends (<see cref="TryRoute(Guid, out RouteDecision)"/>)
/// and sees end (<see cref="Complete"/>). With several front-ends each router sees only its own turns between
/// reports, which is why the reports replace the estimate rather than add to it.
/// </para>
/// <para>
/// The preferred worker of a story depends only on the live workers' names (<see cref="RendezvousHash"/>), so it is
/// the same on every front-end, and losing a worker moves only its own stories. It is cached per story: a cached
/// choice stays right until its worker leaves (then the story is scored again against every worker) or workers join
/// (then it is compared only with the newcomers), so a turn costs a dictionary look-up, not a pass over the workers.
/// Call <see cref="Forget"/> when a story's grain deactivates to bound the cache.
/// </para>
/// <para>
/// Each worker also carries the model it serves. A turn that must stay on one model (a failover: see
/// <see cref="TryRoute(Guid, string?, out RouteDecision)"/>) is routed among that model's workers only, and a
/// <see cref="Canary"/> splits the workers into the canary's side and the rest, each adventure on one side by a stable
/// hash of its id; within a side the story goes to its highest scorer there, so affinity holds on each side. Those
/// routes score the side's workers afresh (one pass over them) rather than use the cache.
/// </para>
/// <para>Thread-safe: one lock, held for a look-up or, on a spill or a lost worker, one pass over the workers.</para>
/// </remarks>
public sealed class StoryRouter(StoryRoutingOptions options)
{
    /// <summary>Past this many joins the cache is dropped rather than compared with every newcomer.</summary>
    const int MaxPendingJoins = 64;

    readonly Lock _gate = new();
    readonly Dictionary<string, RoutedWorker> _byId = new(StringComparer.Ordinal);
    readonly List<RoutedWorker> _live = [];
    readonly List<RoutedWorker> _joined = [];
    readonly Dictionary<Guid, Preference> _preferences = [];
    int _generation;
    CanarySplit? _canary;
    readonly Random _random = new();

    /// <summary>A router with the default <see cref="StoryRoutingOptions"/>.</summary>
    public StoryRouter()
        : this(new StoryRoutingOptions())
    {
    }

    /// <summary>The live workers' names, in the order they joined.</summary>
    public IReadOnlyList<string> Workers
    {
        get
        {
            lock (_gate)
                return [.. _live.Select(w => w.Id)];
        }
    }

    /// <summary>The canary split in force (null: none, every worker takes every story).</summary>
    public CanarySplit? Canary
    {
        get
        {
            lock (_gate)
                return _canary;
        }
        set
        {
            lock (_gate)
                _canary = value;
        }
    }

    /// <summary>Adds a live worker that runs <paramref name="maxSequences"/> rows at once; false if it is already known.</summary>
    public bool AddWorker(string workerId, int maxSequences) => AddWorker(workerId, maxSequences, string.Empty);

    /// <summary>Adds a live worker that serves <paramref name="model"/>; false if it is already known (its model is then updated).</summary>
    public bool AddWorker(string workerId, int maxSequences, string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSequences, 1);
        lock (_gate)
        {
            if (_byId.TryGetValue(workerId, out var known))
            {
                known.Model = model;
                return false;
            }
            if (_joined.Count >= MaxPendingJoins)
            {
                _preferences.Clear();
                _joined.Clear();
            }
            var worker = new RoutedWorker(workerId, maxSequences, ++_generation) { Model = model };
            _byId.Add(workerId, worker);
            _live.Add(worker);
            _joined.Add(worker);
            return true;
        }
    }

    /// <summary>Takes a worker out (it left, died or is draining); its stories move to their next-best workers.</summary>
    public bool RemoveWorker(string workerId)
    {
        lock (_gate)
        {
            if (!_byId.Remove(workerId, out var worker))
                return false;
            worker.Alive = false;
            _live.Remove(worker);
            return true;
        }
    }

    /// <summary>
    /// Takes a worker's report as the new estimate of its load. A report from a worker that is not a member is
    /// ignored (false): a late report must not bring a removed worker back.
    /// </summary>
    public bool Report(WorkerLoad load)
    {
        ArgumentNullException.ThrowIfNull(load);
        lock (_gate)
        {
            if (!_byId.TryGetValue(load.WorkerId, out var worker))
                return false;
            worker.MaxSequences = load.MaxSequences;
            worker.InFlight = load.InFlight;
            return true;
        }
    }

    /// <summary>Corrects the model a worker serves (it said so when a turn reached it); false if it is not a member.</summary>
    public bool SetModel(string workerId, string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        lock (_gate)
        {
            if (!_byId.TryGetValue(workerId, out var worker))
                return false;
            worker.Model = model;
            return true;
        }
    }

    /// <summary>The model the worker serves as the router knows it; null if it is not a member.</summary>
    public string? ModelOf(string workerId)
    {
        lock (_gate)
            return _byId.TryGetValue(workerId, out var worker) ? worker.Model : null;
    }

    /// <summary>Chooses the worker for the story's next turn and counts the turn against it; false with no live worker.</summary>
    public bool TryRoute(Guid storyId, out RouteDecision decision) => TryRoute(storyId, null, out decision);

    /// <summary>
    /// Chooses the worker for a turn of the story that must be written by <paramref name="model"/> (null: any model,
    /// then the <see cref="Canary"/> split, if any, picks the story's side) and counts the turn against it. False with
    /// no live worker serving <paramref name="model"/>. A canary side with no live worker falls back to every worker, so
    /// a canary never refuses a turn the cluster could take.
    /// </summary>
    public bool TryRoute(Guid storyId, string? model, out RouteDecision decision)
    {
        lock (_gate)
        {
            var side = model is not null ? Serving(model, true)
                : _canary is { } canary ? Serving(canary.Model, canary.Takes(storyId))
                : null;
            if (side is { Count: 0 } && model is null)
                side = null;
            if (_live.Count == 0 || side is { Count: 0 })
            {
                decision = default;
                return false;
            }
            var preferred = !options.Affinity ? RandomLocked(side ?? _live)
                : side is null ? PreferredLocked(storyId)
                : ScoreAllLocked(side, RendezvousHash.StoryKey(storyId)).Worker;
            var chosen = preferred.IsSaturated(options.QueueLimit) ? LeastLoadedLocked(side ?? _live, storyId) : preferred;
            chosen.InFlight++;
            decision = new RouteDecision(chosen.Id, preferred.Id, chosen == preferred ? RouteReason.Preferred : RouteReason.Spilled);
            return true;
        }
    }

    // Without affinity (a measurement's baseline): any of the workers, uniformly.
    RoutedWorker RandomLocked(List<RoutedWorker> workers) => workers[_random.Next(workers.Count)];

    // The live workers that serve the model (same) or do not (!same).
    List<RoutedWorker> Serving(string model, bool same) =>
        _live.FindAll(w => string.Equals(w.Model, model, StringComparison.Ordinal) == same);

    /// <summary>Tells the router that a turn it sent to the worker has ended (finished, failed or cancelled).</summary>
    public void Complete(string workerId)
    {
        lock (_gate)
        {
            if (_byId.TryGetValue(workerId, out var worker) && worker.InFlight > 0)
                worker.InFlight--;
        }
    }

    /// <summary>The story's rendezvous worker among the live ones, whatever their load; null with no live worker.</summary>
    public string? PreferredWorker(Guid storyId)
    {
        lock (_gate)
            return _live.Count == 0 ? null : PreferredLocked(storyId).Id;
    }

    /// <summary>Drops the story's cached choice (its grain went away); the next turn scores it again.</summary>
    public void Forget(Guid storyId)
    {
        lock (_gate)
            _preferences.Remove(storyId);
    }

    RoutedWorker PreferredLocked(Guid storyId)
    {
        if (_preferences.TryGetValue(storyId, out var cached) && cached.Worker.Alive)
        {
            if (cached.Generation == _generation)
                return cached.Worker;
            var storyKey = RendezvousHash.StoryKey(storyId);
            var best = new Preference(cached.Worker, cached.Score, _generation);
            foreach (var worker in _joined)
                if (worker.Alive && worker.AddedAt > cached.Generation)
                    best = best.Better(worker, RendezvousHash.Score(worker.Key, storyKey));
            _preferences[storyId] = best;
            return best.Worker;
        }
        var fresh = ScoreAllLocked(_live, RendezvousHash.StoryKey(storyId));
        _preferences[storyId] = fresh;
        return fresh.Worker;
    }

    /// <summary>The story's highest scorer among <paramref name="workers"/>: the one pass over them a cached choice saves.</summary>
    Preference ScoreAllLocked(List<RoutedWorker> workers, ulong storyKey)
    {
        // Plain locals rather than Preference.Better, which builds a record: this loop runs once per story per worker.
        var best = workers[0];
        var bestScore = RendezvousHash.Score(best.Key, storyKey);
        for (var i = 1; i < workers.Count; i++)
        {
            var worker = workers[i];
            var score = RendezvousHash.Score(worker.Key, storyKey);
            if (Preference.Beats(score, worker.Id, bestScore, best.Id))
                (best, bestScore) = (worker, score);
        }
        return new Preference(best, bestScore, _generation);
    }

    /// <summary>The worker of <paramref name="workers"/> with the smallest share of its rows in use; among equals, the story's highest scorer.</summary>
    static RoutedWorker LeastLoadedLocked(List<RoutedWorker> workers, Guid storyId)
    {
        var storyKey = RendezvousHash.StoryKey(storyId);
        var best = workers[0];
        var bestScore = RendezvousHash.Score(best.Key, storyKey);
        for (var i = 1; i < workers.Count; i++)
        {
            var worker = workers[i];
            if (worker.IsLessLoadedThan(best))
            {
                best = worker;
                bestScore = RendezvousHash.Score(worker.Key, storyKey);
            }
            else if (worker.IsAsLoadedAs(best))
            {
                var score = RendezvousHash.Score(worker.Key, storyKey);
                if (Preference.Beats(score, worker.Id, bestScore, best.Id))
                    (best, bestScore) = (worker, score);
            }
        }
        return best;
    }

    /// <summary>A story's best worker so far, its score, and the router generation it has been compared up to.</summary>
    readonly record struct Preference(RoutedWorker Worker, ulong Score, int Generation)
    {
        public Preference Better(RoutedWorker candidate, ulong score) =>
            Beats(score, candidate.Id, Score, Worker.Id) ? this with { Worker = candidate, Score = score } : this;

        /// <summary>Higher score wins; the names break a tie, so every router breaks it the same way.</summary>
        public static bool Beats(ulong score, string id, ulong otherScore, string otherId) =>
            score > otherScore || (score == otherScore && string.CompareOrdinal(id, otherId) < 0);
    }
}
