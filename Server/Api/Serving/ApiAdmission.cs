using System.Globalization;
using Microsoft.Extensions.Options;

namespace AdventureServer.Server.Api.Serving;

/// <summary>
/// The API's share of the worker: at most <see cref="ApiOptions.MaxConcurrentRequests"/> API requests are in the worker
/// (waiting there or decoding) at once, so the API can neither fill the worker's queue nor all its slots; a few more wait
/// here, and beyond <see cref="ApiOptions.MaxWaitingRequests"/> the request is refused (503).
/// </summary>
public sealed class ApiAdmission : IDisposable
{
    readonly SemaphoreSlim _share;
    readonly int _maxWaiting;
    int _waiting;

    public ApiAdmission(IOptions<ApiOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var share = Math.Max(1, options.Value.MaxConcurrentRequests);
        _share = new SemaphoreSlim(share, share);
        _maxWaiting = Math.Max(0, options.Value.MaxWaitingRequests);
    }

    /// <summary>API requests waiting for the share now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Waits for a place in the API's share; dispose the result to give it back.</summary>
    /// <exception cref="ApiProblem">503 when too many requests already wait.</exception>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        if (!_share.Wait(0))
        {
            if (Interlocked.Increment(ref _waiting) > _maxWaiting)
            {
                Interlocked.Decrement(ref _waiting);
                throw ApiProblem.Busy(string.Create(CultureInfo.InvariantCulture,
                    $"The server's API queue is full ({_maxWaiting} requests already wait for the API's share of the model). Try again in a few seconds."));
            }
            try
            {
                await _share.WaitAsync(cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }
        return new Place(_share);
    }

    public void Dispose() => _share.Dispose();

    sealed class Place(SemaphoreSlim share) : IDisposable
    {
        int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                share.Release();
        }
    }
}
