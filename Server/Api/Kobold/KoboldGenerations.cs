using System.Collections.Concurrent;
using AdventureServer.Server.Api.Keys;

namespace AdventureServer.Server.Api.Kobold;

/// <summary>
/// Running KoboldAI generations by <c>genkey</c>, per account, so that <c>/api/extra/abort</c> stops only the
/// caller's own generation (another account's equal genkey is a different generation).
/// </summary>
public sealed class KoboldGenerations
{
    readonly ConcurrentDictionary<(string AccountId, string GenKey), CancellationTokenSource> _running = new();

    /// <summary>
    /// A token that ends when the client goes away or the generation is aborted; null when the caller already runs one
    /// with this genkey. Dispose of the result with <see cref="Forget"/>.
    /// </summary>
    public CancellationTokenSource? Register(ApiCaller caller, string genKey, CancellationToken requestAborted)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var source = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        if (_running.TryAdd((caller.AccountId, genKey), source))
            return source;
        source.Dispose();
        return null;
    }

    /// <summary>Removes a finished generation.</summary>
    public void Forget(ApiCaller caller, string genKey, CancellationTokenSource source)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(source);
        _running.TryRemove(new KeyValuePair<(string, string), CancellationTokenSource>((caller.AccountId, genKey), source));
        source.Dispose();
    }

    /// <summary>Stops the caller's generation named <paramref name="genKey"/>; false when none runs.</summary>
    public bool Abort(ApiCaller caller, string genKey)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!_running.TryGetValue((caller.AccountId, genKey), out var source))
            return false;
        try
        {
            source.Cancel();
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false; // it ended while we looked
        }
    }
}
