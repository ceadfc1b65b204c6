namespace AdventureServer.Server.Tests.Workers;

/// <summary>A worker in the simulation: a number of rows, and a first-come queue of stories waiting for one.</summary>
public sealed class SimulatedWorker(int rows)
{
    public int Rows { get; } = rows;

    public int Running { get; set; }

    public Queue<(int Story, double Since)> Waiting { get; } = new();

    public bool Alive { get; set; } = true;

    public int InFlight => Running + Waiting.Count;

    public bool HasFreeRow => Running < Rows;
}
