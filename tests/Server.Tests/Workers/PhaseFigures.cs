namespace AdventureServer.Server.Tests.Workers;

/// <summary>The figures of one stretch of a <see cref="RoutingSimulation"/> run.</summary>
/// <param name="Turns">Turns routed in the stretch.</param>
/// <param name="Affinity">Share of those (of stories that had a turn before) that went to the worker of the story's previous turn.</param>
/// <param name="PrefixHits">Share of those whose prefix was still in the worker's KV cache (<see cref="PrefixCache"/>).</param>
/// <param name="SpilledShare">Share that the router spilled off a saturated preferred worker.</param>
/// <param name="MeanMaxOverMean">Mean over once-a-second samples of the busiest worker's turns in flight over the mean.</param>
/// <param name="WorstMaxOverMean">The largest of those samples.</param>
/// <param name="MeanInFlight">Mean turns in flight (running or waiting) per live worker.</param>
/// <param name="MaxWaiting">The longest queue for a row seen at any sample.</param>
/// <param name="MeanWaitMs">Mean time a turn waited for a row.</param>
public sealed record PhaseFigures(
    long Turns, double Affinity, double PrefixHits, double SpilledShare, double MeanMaxOverMean, double WorstMaxOverMean,
    double MeanInFlight, int MaxWaiting, double MeanWaitMs);
