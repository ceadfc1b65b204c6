using System.Net;
using System.Net.Http.Headers;

namespace AdventureServer.Inference.Models;

/// <summary>
/// Downloads one file into <c>{file}.partial</c>, resuming with <c>Range</c> after a dropped connection
/// (in this run or an earlier one), checks its SHA-256 when the hub announced one, and only then moves
/// it into place, so a file under its final name is always complete and checked.
/// </summary>
internal sealed class HubFileDownloader(HttpClient http, HubDownloadOptions options)
{
    public const string PartialSuffix = ".partial";

    private const int MaxRedirects = 10;
    private const int ChecksumTries = 2;

    /// <summary>Downloads <paramref name="url"/> to <paramref name="destination"/>; false when the server has no such file (404).</summary>
    public async Task<bool> DownloadAsync(
        Uri url, string fileName, string destination, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        if (File.Exists(destination))
        {
            return true;
        }

        var partial = destination + PartialSuffix;
        for (var checksumTry = 1; ; checksumTry++)
        {
            var fetched = await FetchWithRetriesAsync(url, fileName, partial, progress, cancellationToken);
            if (!fetched.Found)
            {
                return false;
            }

            if (fetched.Sha256 is { } expected)
            {
                var actual = await ContentDigest.OfFileAsync(partial, cancellationToken);
                if (!string.Equals(actual, expected, StringComparison.Ordinal))
                {
                    // A corrupt partial cannot be repaired by resuming: start this file over.
                    File.Delete(partial);
                    if (checksumTry < ChecksumTries)
                    {
                        continue;
                    }

                    throw new ModelSourceException(
                        $"{fileName} from {url} failed its checksum {ChecksumTries} times: the hub says SHA-256 {expected}, the download has {actual}.");
                }
            }

            File.Move(partial, destination, overwrite: true);
            return true;
        }
    }

    private async Task<Fetched> FetchWithRetriesAsync(
        Uri url, string fileName, string partial, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await FetchOnceAsync(url, fileName, partial, progress, cancellationToken);
            }
            catch (Exception e) when (IsTransient(e, cancellationToken))
            {
                if (attempt >= options.MaxAttempts)
                {
                    throw new ModelSourceException($"Downloading {fileName} from {url} failed {attempt} times; the last error was: {e.Message}", e);
                }

                await Task.Delay(options.RetryDelay, cancellationToken);
            }
        }
    }

    private async Task<Fetched> FetchOnceAsync(
        Uri url, string fileName, string partial, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var existing = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        var (response, sha256) = await SendFollowingRedirectsAsync(url, existing, cancellationToken);
        using (response)
        {
            switch (response.StatusCode)
            {
                case HttpStatusCode.NotFound:
                    return new Fetched(false, null);
                case HttpStatusCode.RequestedRangeNotSatisfiable when existing > 0:
                    // The partial is as long as the file or longer (the file changed): fetch it whole.
                    File.Delete(partial);
                    throw new IOException($"The server refused to resume {fileName} at byte {existing}.");
                case >= HttpStatusCode.InternalServerError:
                    throw new HttpRequestException($"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
                case < HttpStatusCode.OK or >= HttpStatusCode.Ambiguous:
                    throw new ModelSourceException($"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            var resumed = response.StatusCode == HttpStatusCode.PartialContent;
            if (resumed && response.Content.Headers.ContentRange?.From != existing)
            {
                // The bytes are not the ones that follow ours; they cannot be appended.
                File.Delete(partial);
                throw new IOException($"The server resumed {fileName} at the wrong offset.");
            }

            // A 200 reply ignored the Range header and sends the whole file: start over rather than append.
            var done = resumed ? existing : 0;
            var total = response.Content.Headers.ContentRange?.Length
                ?? (response.Content.Headers.ContentLength is { } length ? done + length : null);
            await CopyAsync(response, fileName, partial, resumed, done, total, progress, cancellationToken);
            return new Fetched(true, sha256 ?? ContentDigest.EtagSha256(response));
        }
    }

    private static async Task CopyAsync(
        HttpResponseMessage response, string fileName, string partial, bool append, long done, long? total,
        IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(partial, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[1 << 16];
        progress?.Report(new DownloadProgress(fileName, done, total));
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            done += read;
            progress?.Report(new DownloadProgress(fileName, done, total));
        }

        if (total is { } expected && done != expected)
        {
            throw new IOException($"The connection closed after {done} of {expected} bytes of {fileName}.");
        }
    }

    /// <summary>
    /// Follows redirects by hand: the hub answers an LFS file with a redirect to its CDN, and the file's
    /// SHA-256 is on that redirect (<c>X-Linked-Etag</c>), not on the CDN's reply.
    /// </summary>
    private async Task<(HttpResponseMessage Response, string? Sha256)> SendFollowingRedirectsAsync(
        Uri url, long from, CancellationToken cancellationToken)
    {
        string? sha256 = null;
        for (var hop = 0; hop <= MaxRedirects; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (from > 0)
            {
                request.Headers.Range = new RangeHeaderValue(from, null);
            }

            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            sha256 ??= ContentDigest.LinkedSha256(response);
            if ((int)response.StatusCode is < 300 or >= 400 || response.Headers.Location is not { } location)
            {
                return (response, sha256);
            }

            url = location.IsAbsoluteUri ? location : new Uri(url, location);
            response.Dispose();
        }

        throw new ModelSourceException($"More than {MaxRedirects} redirects for {url}.");
    }

    private static bool IsTransient(Exception e, CancellationToken cancellationToken) => e switch
    {
        _ when cancellationToken.IsCancellationRequested => false,
        IOException => true,
        HttpRequestException http => http.StatusCode is null or >= HttpStatusCode.InternalServerError,
        TaskCanceledException => true, // HttpClient's timeout, since the caller did not cancel
        _ => false,
    };

    private readonly record struct Fetched(bool Found, string? Sha256);
}
