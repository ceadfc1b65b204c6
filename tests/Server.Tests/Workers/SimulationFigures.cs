namespace AdventureServer.Server.Tests.Workers;

/// <summary>What a <see cref="RoutingSimulation"/> run measured, before and after the workers were lost.</summary>
public sealed record SimulationFigures
{
    public required PhaseFigures Before { get; init; }

    /// <summary>From the loss to the end; null when no worker was lost.</summary>
    public PhaseFigures? After { get; init; }

    /// <summary>Share of all stories whose preferred worker changed with the loss (rendezvous routing only).</summary>
    public double? MovedShare { get; init; }

    /// <summary>Of the stories that moved, those whose preferred worker had been one of the lost (rendezvous only).</summary>
    public double? MovedFromLostShare { get; init; }

    /// <summary>Turns running or waiting on the lost workers, handed to another worker from the start.</summary>
    public int FailedOverTurns { get; init; }

    /// <summary>Turns started over the whole run.</summary>
    public long TurnsStarted { get; init; }

    /// <summary>Turns that finished, plus those still running or waiting at the end: equals <see cref="TurnsStarted"/> when none was lost.</summary>
    public long TurnsAccountedFor { get; init; }

    /// <summary><c>DesiredWorkerCount</c> over the live workers' loads at the end, with the default targets.</summary>
    public int DesiredWorkers { get; init; }

    public TimeSpan WallTime { get; init; }
}
