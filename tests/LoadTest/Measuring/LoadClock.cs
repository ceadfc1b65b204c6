using System.Diagnostics;

namespace AdventureServer.LoadTest.Measuring;

/// <summary>Milliseconds since the process started, monotonic: every time the load tester records is on this one clock.</summary>
public static class LoadClock
{
    static readonly long Origin = Stopwatch.GetTimestamp();

    public static double NowMs => Stopwatch.GetElapsedTime(Origin).TotalMilliseconds;
}
