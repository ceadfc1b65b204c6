namespace AdventureServer.LoadTest.Reporting;

/// <summary>
/// A run's figures. Client-side timings: time to first token from the Act (or Retry) call to the first delta,
/// time between tokens between consecutive deltas. Written as JSON with snake_case names.
/// </summary>
public sealed record LoadReport
{
    public int Players { get; init; }

    public int PartySize { get; init; }

    public double ElapsedS { get; init; }

    public int ActionsSent { get; init; }

    public int ActionsCompleted { get; init; }

    public int ActionsRefused { get; init; }

    public IReadOnlyDictionary<string, int> RefusedByReason { get; init; } = new Dictionary<string, int>();

    public int ActionsFailed { get; init; }

    public IReadOnlyDictionary<string, int> FailedByReason { get; init; } = new Dictionary<string, int>();

    /// <summary>The first few failures' (and setup retries') messages.</summary>
    public IReadOnlyList<string> FailureSamples { get; init; } = [];

    /// <summary>Accepted actions whose continuation never ended for the player who sent them.</summary>
    public int ActionsLost { get; init; }

    public int Reconnects { get; init; }

    /// <summary>Server errors while registering players that were tried again (see <see cref="FailureSamples"/>).</summary>
    public int SetupRetries { get; init; }

    public int IntegrityErrors { get; init; }

    /// <summary>The first few integrity errors, as sentences.</summary>
    public IReadOnlyList<string> IntegrityErrorSamples { get; init; } = [];

    public int StreamsChecked { get; init; }

    /// <summary>Continuations a reconnecting player missed whole, so not compared.</summary>
    public int StreamsSkipped { get; init; }

    /// <summary>Continuations that ended, by the one model that wrote each (see <see cref="Measuring.ModelAttribution"/>).</summary>
    public IReadOnlyDictionary<string, int> ContinuationsByModel { get; init; } = new Dictionary<string, int>();

    /// <summary>Continuations whose players were told different models: the model changed mid-way as far as they can tell.</summary>
    public int ContinuationsModelChanged { get; init; }

    /// <summary>Continuations with text whose end named no model: not attributable to one model.</summary>
    public int ContinuationsUnattributed { get; init; }

    public int TtftSamples { get; init; }

    public double? TtftP50Ms { get; init; }

    public double? TtftP95Ms { get; init; }

    public double? TtftP99Ms { get; init; }

    public double? ItlP50Ms { get; init; }

    public double? ItlP95Ms { get; init; }

    public double? ItlP99Ms { get; init; }

    public double DeltasPerS { get; init; }

    /// <summary>Server tokens generated per second of the run (from /metrics), else <see cref="DeltasPerS"/>.</summary>
    public double TokensPerS { get; init; }

    /// <summary><c>server_metrics</c> or <c>client_deltas</c>: where <see cref="TokensPerS"/> came from.</summary>
    public string TokensPerSSource { get; init; } = "client_deltas";

    public double ServerTokensGenerated { get; init; }

    public double ServerTtftCount { get; init; }

    public double? ServerTtftMeanMs { get; init; }

    public RampResult? Ramp { get; init; }

    /// <summary>Each server URL's players and figures, in the order given (a ramp: its last step's).</summary>
    public IReadOnlyList<NodeFigures>? Nodes { get; init; }

    /// <summary>Per-second figures for the chart (left out of the summary line).</summary>
    public IReadOnlyList<SeriesPoint>? Series { get; init; }

    /// <summary>Time to first token samples: seconds into the run, milliseconds (left out of the summary line).</summary>
    public IReadOnlyList<double[]>? TtftSamplesAt { get; init; }
}
