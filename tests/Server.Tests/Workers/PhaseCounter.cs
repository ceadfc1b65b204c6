namespace AdventureServer.Server.Tests.Workers;

/// <summary>Adds up one stretch of a simulation run into <see cref="PhaseFigures"/>.</summary>
public sealed class PhaseCounter
{
    long _turns, _repeatTurns, _affine, _hits, _spilled, _waits;
    double _waitS, _maxOverMeanSum, _worstMaxOverMean, _inFlightSum;
    int _samples, _maxWaiting;

    public void Turn(bool hadPrevious, bool affine, bool prefixHit, bool spilled)
    {
        _turns++;
        if (spilled)
            _spilled++;
        if (!hadPrevious)
            return;
        _repeatTurns++;
        if (affine)
            _affine++;
        if (prefixHit)
            _hits++;
    }

    public void Waited(double seconds)
    {
        _waits++;
        _waitS += seconds;
    }

    public void Sample(IEnumerable<SimulatedWorker> workers)
    {
        int count = 0, max = 0;
        long total = 0;
        foreach (var worker in workers)
        {
            if (!worker.Alive)
                continue;
            count++;
            total += worker.InFlight;
            max = Math.Max(max, worker.InFlight);
            _maxWaiting = Math.Max(_maxWaiting, worker.Waiting.Count);
        }
        if (count == 0 || total == 0)
            return;
        var mean = (double)total / count;
        var ratio = max / mean;
        _samples++;
        _maxOverMeanSum += ratio;
        _inFlightSum += mean;
        _worstMaxOverMean = Math.Max(_worstMaxOverMean, ratio);
    }

    public PhaseFigures Figures() => new(
        _turns,
        _repeatTurns == 0 ? 0 : (double)_affine / _repeatTurns,
        _repeatTurns == 0 ? 0 : (double)_hits / _repeatTurns,
        _turns == 0 ? 0 : (double)_spilled / _turns,
        _samples == 0 ? 0 : _maxOverMeanSum / _samples,
        _worstMaxOverMean,
        _samples == 0 ? 0 : _inFlightSum / _samples,
        _maxWaiting,
        _waits == 0 ? 0 : 1000 * _waitS / _waits);
}
