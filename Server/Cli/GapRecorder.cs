using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using AdventureServer.Inference.Serving;

namespace AdventureServer.Server.Cli;

/// <summary>The worker's times between tokens (<see cref="InferenceInstruments.TimeBetweenTokens"/>) while it listens, in ms.</summary>
internal sealed class GapRecorder : IDisposable
{
    readonly ConcurrentQueue<double> _gaps = new();
    readonly MeterListener _listener = new();
    volatile bool _paused;

    public GapRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == InferenceInstruments.MeterName && instrument.Name == InferenceInstruments.TimeBetweenTokens)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((_, value, _, _) =>
        {
            if (!_paused)
                _gaps.Enqueue(value);
        });
        _listener.Start();
    }

    public double[] Gaps => [.. _gaps];

    /// <summary>Stops recording (while another path runs).</summary>
    public void Pause() => _paused = true;

    public void Resume() => _paused = false;

    public void Dispose() => _listener.Dispose();
}
