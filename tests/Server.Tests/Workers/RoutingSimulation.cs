using System.Diagnostics;
using AdventureServer.Server.Workers;

namespace AdventureServer.Server.Tests.Workers;

/// <summary>
/// A round-based discrete-event simulation of stories taking turns on a pool of workers, routed by an
/// <see cref="ISimulatedRouting"/>: closed-loop players (a party thinks, acts, waits for the continuation, thinks
/// again), workers with a fixed number of rows and a first-come queue, load reports once a second, and optionally
/// the sudden loss of a share of the workers, whose running and waiting turns start again elsewhere.
/// </summary>
/// <remarks>
/// Time moves in rounds of <see cref="SimulationSettings.StepS"/>; an event is due at the round its time falls in,
/// and the calendar is a ring of rounds long enough for the longest think time plus the longest continuation.
/// A turn's service time is its tokens times <see cref="SimulationSettings.TokenMs"/>, whatever the batch: a GPU's
/// decode step grows little with the batch until its rows are full (an assumption, like the figure itself).
/// </remarks>
public sealed class RoutingSimulation
{
    readonly SimulationSettings _settings;
    readonly ISimulatedRouting _routing;
    readonly Random _random;
    readonly SimulatedWorker[] _workers;
    readonly int[] _lastWorker, _currentWorker, _serial;
    readonly bool[] _running;
    readonly List<Event>[] _calendar;
    readonly PrefixCache _cache;
    readonly PhaseCounter _before = new(), _after = new();
    long _started, _completed;
    int _round;

    public RoutingSimulation(SimulationSettings settings)
    {
        _settings = settings;
        _routing = settings.RandomRouting
            ? new RandomRouting(settings.Workers, settings.Seed)
            : new RendezvousRouting(settings.Workers, settings.RowsPerWorker, settings.QueueLimit, settings.Stories, settings.Seed);
        _random = new Random(settings.Seed);
        _workers = [.. Enumerable.Range(0, settings.Workers).Select(_ => new SimulatedWorker(settings.RowsPerWorker))];
        _lastWorker = new int[settings.Stories];
        Array.Fill(_lastWorker, -1);
        _currentWorker = new int[settings.Stories];
        _serial = new int[settings.Stories];
        _running = new bool[settings.Stories];
        _cache = new PrefixCache(settings.Stories, settings.Workers, settings.CachedStoriesPerWorker);
        var span = 1.5 * MeanGapS + settings.MaxTokens * settings.TokenMs / 1000;
        _calendar = [.. Enumerable.Range(0, (int)Math.Ceiling(span / settings.StepS) + 2).Select(_ => new List<Event>())];
    }

    /// <summary>Mean think time of a party between two turns of its story.</summary>
    double MeanGapS => _settings.TurnEveryS / _settings.PartySize;

    double Now => _round * _settings.StepS;

    PhaseCounter? Phase => Now < _settings.WarmUpS ? null : Now < (_settings.LossAtS ?? double.MaxValue) ? _before : _after;

    /// <summary>Runs the whole simulation and returns its figures.</summary>
    public SimulationFigures Run()
    {
        var clock = Stopwatch.StartNew();
        for (var story = 0; story < _settings.Stories; story++)
            Schedule(_random.NextDouble() * 1.5 * MeanGapS, new Event(story, -1));

        var rounds = (int)Math.Round(_settings.DurationS / _settings.StepS);
        var reportEvery = Math.Max(1, (int)Math.Round(_settings.ReportEveryS / _settings.StepS));
        var sampleEvery = (int)Math.Round(1 / _settings.StepS);
        var lossRound = _settings.LossAtS is { } loss ? (int)Math.Round(loss / _settings.StepS) : -1;
        (double Moved, double FromLost, int FailedOver)? lost = null;
        for (_round = 0; _round < rounds; _round++)
        {
            if (_round == lossRound)
                lost = LoseWorkers();
            var bucket = _calendar[_round % _calendar.Length];
            foreach (var due in bucket)
                if (due.Serial < 0)
                    Arrive(due.Story);
                else if (due.Serial == _serial[due.Story])
                    Finish(due.Story);
            bucket.Clear();
            if (_round % reportEvery == 0)
                Report();
            if (_round % sampleEvery == 0)
                Phase?.Sample(_workers);
        }

        var live = _workers.Select((w, i) => (w, i)).Where(p => p.w.Alive).ToList();
        var inFlight = live.Sum(p => (long)p.w.InFlight);
        var reports = live.Select(p => new WorkerLoad($"worker-{p.i}", p.w.Running, p.w.Waiting.Count, p.w.Rows, (double)p.w.Running / p.w.Rows, 0)).ToList();
        return new SimulationFigures
        {
            Before = _before.Figures(),
            After = lost is null ? null : _after.Figures(),
            MovedShare = lost is { Moved: >= 0 } l ? l.Moved : null,
            MovedFromLostShare = lost is { FromLost: >= 0 } f ? f.FromLost : null,
            FailedOverTurns = lost?.FailedOver ?? 0,
            TurnsStarted = _started,
            TurnsAccountedFor = _completed + inFlight,
            DesiredWorkers = DesiredWorkerCount.From(reports, new WorkerScalingOptions()),
            WallTime = clock.Elapsed,
        };
    }

    void Arrive(int story)
    {
        _started++;
        var (worker, spilled) = _routing.Route(story);
        var hit = _cache.Touch(story, worker);
        Phase?.Turn(_lastWorker[story] >= 0, _lastWorker[story] == worker, hit, spilled);
        Assign(story, worker);
    }

    void Assign(int story, int worker)
    {
        _lastWorker[story] = worker;
        _currentWorker[story] = worker;
        var target = _workers[worker];
        if (target.HasFreeRow)
            Start(story, target, Now);
        else
            target.Waiting.Enqueue((story, Now));
    }

    void Start(int story, SimulatedWorker worker, double since)
    {
        worker.Running++;
        _running[story] = true;
        _serial[story]++;
        Phase?.Waited(Now - since);
        var tokens = _random.Next(_settings.MinTokens, _settings.MaxTokens + 1);
        Schedule(tokens * _settings.TokenMs / 1000, new Event(story, _serial[story]));
    }

    void Finish(int story)
    {
        _completed++;
        _running[story] = false;
        var index = _currentWorker[story];
        var worker = _workers[index];
        worker.Running--;
        _routing.Complete(index);
        Schedule((0.5 + _random.NextDouble()) * MeanGapS, new Event(story, -1));
        if (worker.Waiting.TryDequeue(out var next))
            Start(next.Story, worker, next.Since);
    }

    /// <summary>Kills a share of the workers at once; returns the share of stories moved, of those the share from lost workers, and the turns failed over.</summary>
    (double Moved, double FromLost, int FailedOver) LoseWorkers()
    {
        var stories = _settings.Stories;
        var before = _settings.RandomRouting ? null : Enumerable.Range(0, stories).Select(_routing.Preferred).ToArray();
        var lost = new HashSet<int>(Enumerable.Range(0, _workers.Length)
            .OrderBy(_ => _random.Next()).Take((int)Math.Round(_settings.LostShare * _workers.Length)));
        foreach (var worker in lost)
        {
            _workers[worker].Alive = false;
            _routing.Remove(worker);
        }

        var orphans = new List<int>();
        foreach (var worker in lost)
        {
            orphans.AddRange(_workers[worker].Waiting.Select(w => w.Story));
            _workers[worker].Waiting.Clear();
        }
        for (var story = 0; story < stories; story++)
            if (_running[story] && lost.Contains(_currentWorker[story]))
            {
                _running[story] = false;
                _serial[story]++;
                _workers[_currentWorker[story]].Running--;
                orphans.Add(story);
            }
        foreach (var story in orphans)
        {
            var worker = _routing.Route(story).Worker;
            _cache.Touch(story, worker);
            Assign(story, worker);
        }

        if (before is null)
            return (-1, -1, orphans.Count);
        int moved = 0, fromLost = 0;
        for (var story = 0; story < stories; story++)
            if (_routing.Preferred(story) != before[story])
            {
                moved++;
                if (lost.Contains(before[story]))
                    fromLost++;
            }
        return ((double)moved / stories, moved == 0 ? 1 : (double)fromLost / moved, orphans.Count);
    }

    void Report()
    {
        for (var i = 0; i < _workers.Length; i++)
            if (_workers[i].Alive)
                _routing.Report(i, _workers[i].Running, _workers[i].Waiting.Count, _workers[i].Rows);
    }

    void Schedule(double delayS, Event due)
    {
        var rounds = Math.Max(1, (int)Math.Ceiling(delayS / _settings.StepS));
        if (rounds >= _calendar.Length)
            throw new InvalidOperationException($"A delay of {delayS} s does not fit the calendar.");
        _calendar[(_round + rounds) % _calendar.Length].Add(due);
    }

    /// <summary>A story's next turn (<see cref="Serial"/> below 0) or the end of its running turn with that serial.</summary>
    readonly record struct Event(int Story, int Serial);
}
