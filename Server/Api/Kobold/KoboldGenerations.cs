using System.Collections.Concurrent;
using AdventureServer.Server.Api.Keys;

namespace AdventureServer.Server.Api.Kobold;

/// <summary>
/// Running KoboldAI generations by <c>genkey</c>, per account, so that <c>/api/extra/abort</c> and
/// <c>/api/extra/generate/check</c> reach only the caller's own generation (another account's equal genkey is a
/// different generation).
/// </summary>
public sealed class KoboldGenerations
{
    readonly ConcurrentDictionary<(string AccountId, string GenKey), KoboldGeneration> _running = new();

    /// <summary>
    /// Registers a generation whose token ends when the client goes away or it is aborted; null when the caller already
    /// runs one with this genkey. Remove it with <see cref="Forget"/>.
    /// </summary>
    public KoboldGeneration? Register(ApiCaller caller, string genKey, CancellationToken requestAborted)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var generation = new KoboldGeneration(CancellationTokenSource.CreateLinkedTokenSource(requestAborted));
        if (_running.TryAdd((caller.AccountId, genKey), generation))
            return generation;
        generation.Abort.Dispose();
        return null;
    }

    /// <summary>Removes a finished generation.</summary>
    public void Forget(ApiCaller caller, string genKey, KoboldGeneration generation)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(generation);
        _running.TryRemove(new KeyValuePair<(string, string), KoboldGeneration>((caller.AccountId, genKey), generation));
        generation.Abort.Dispose();
    }

    /// <summary>The caller's running generation named <paramref name="genKey"/>, or null.</summary>
    public KoboldGeneration? Find(ApiCaller caller, string genKey)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return _running.TryGetValue((caller.AccountId, genKey), out var generation) ? generation : null;
    }

    /// <summary>Stops the caller's generation named <paramref name="genKey"/>; false when none runs.</summary>
    public bool Abort(ApiCaller caller, string genKey)
    {
        if (Find(caller, genKey) is not { } generation)
            return false;
        try
        {
            generation.Abort.Cancel();
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false; // it ended while we looked
        }
    }
}
