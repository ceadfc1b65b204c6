using Orleans.Runtime;

namespace AdventureServer.Server.Cluster;

/// <summary>
/// Grain calls across a node's death: for the few seconds until the cluster declares a killed node dead, a call to a
/// grain that lived there fails as unavailable; tried again, it reaches the grain brought back on another node.
/// </summary>
public static class NodeLoss
{
    /// <summary>How long a call keeps trying while a dead node's grains come back elsewhere.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Runs <paramref name="call"/>, again after a short wait while it fails because a node is gone, for up to
    /// <see cref="Window"/>; stops trying once <paramref name="stopping"/> is cancelled (this server is stopping).
    /// </summary>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> call, TimeProvider time, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(time);
        var deadline = time.GetUtcNow() + Window;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (IsNodeLoss(e) && time.GetUtcNow() < deadline && !stopping.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * Math.Min(attempt, 5)), time, CancellationToken.None);
            }
        }
    }

    /// <summary>Whether <paramref name="e"/> says the grain's node could not be reached (rather than that the call failed there).</summary>
    public static bool IsNodeLoss(Exception e) => e is SiloUnavailableException or OrleansMessageRejectionException;
}
