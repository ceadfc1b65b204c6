using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace AdventureServer.Inference.Tests.Models;

/// <summary>
/// A real HTTP server on loopback that answers like the Hugging Face hub: <c>/{name}/resolve/main/{file}</c>,
/// <c>Range</c> requests, and an LFS file's SHA-256 in <c>X-Linked-Etag</c>. It can misbehave once per file
/// (drop the connection, send wrong bytes, ignore Range) and can redirect LFS files to a "CDN" path the way
/// the hub does.
/// </summary>
internal sealed class FakeHub : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _dropAfter = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _corruptTimes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _failOnce = new(StringComparer.Ordinal);
    private readonly Task _loop;

    public FakeHub()
    {
        // Ask the OS for a free port, then hand it to HttpListener (which cannot bind port 0 itself).
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/");
        }

        _listener.Prefixes.Add(BaseUrl.AbsoluteUri);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri BaseUrl { get; }

    /// <summary>Every request seen: path and the Range header, if any.</summary>
    public ConcurrentQueue<(string Path, string? Range)> Requests { get; } = new();

    /// <summary>Every request's Accept-Encoding header (empty when absent).</summary>
    public ConcurrentQueue<string> AcceptEncodings { get; } = new();

    /// <summary>Serve LFS files as a redirect carrying X-Linked-Etag to a CDN path, as huggingface.co does.</summary>
    public bool RedirectLfs { get; set; }

    /// <summary>Answer Range requests with the whole file and 200, as some servers and proxies do.</summary>
    public bool IgnoreRange { get; set; }

    /// <summary>Announce the SHA-256 in ETag instead of X-Linked-Etag, as a plain server would.</summary>
    public bool EtagOnly { get; set; }

    /// <summary>Adds a file. LFS files (weights) get their SHA-256 announced in X-Linked-Etag.</summary>
    public void Add(string model, string file, byte[] content) => _files[$"/{model}/resolve/main/{file}"] = content;

    /// <summary>The next request for this file sends only its first <paramref name="bytes"/> bytes, then drops the connection.</summary>
    public void DropOnceAfter(string model, string file, int bytes) => _dropAfter[$"/{model}/resolve/main/{file}"] = bytes;

    /// <summary>The next <paramref name="times"/> requests for this file send bytes that do not match its checksum.</summary>
    public void Corrupt(string model, string file, int times = 1) => _corruptTimes[$"/{model}/resolve/main/{file}"] = times;

    /// <summary>The next request for this file is answered with <paramref name="status"/> and no body.</summary>
    public void FailOnce(string model, string file, int status) => _failOnce[$"/{model}/resolve/main/{file}"] = status;

    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the listener's disposal exception; nothing to report.
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => Answer(context));
        }
    }

    private void Answer(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var path = request.Url!.AbsolutePath;
        Requests.Enqueue((path, request.Headers["Range"]));
        AcceptEncodings.Enqueue(request.Headers["Accept-Encoding"] ?? "");
        try
        {
            var cdn = path.StartsWith("/cdn", StringComparison.Ordinal);
            var key = cdn ? path["/cdn".Length..] : path;
            if (!_files.TryGetValue(key, out var content))
            {
                response.StatusCode = 404;
                response.Close();
                return;
            }

            if (_failOnce.TryRemove(key, out var status))
            {
                response.StatusCode = status;
                response.Close();
                return;
            }

            var lfs = key.EndsWith(".safetensors", StringComparison.Ordinal);
            var sha = Convert.ToHexStringLower(SHA256.HashData(content));
            if (lfs && RedirectLfs && !cdn)
            {
                response.StatusCode = 302;
                response.Headers["X-Linked-Etag"] = $"\"{sha}\"";
                response.Headers["Location"] = "/cdn" + key;
                response.Close();
                return;
            }

            if (lfs && !RedirectLfs)
            {
                response.Headers[EtagOnly ? "ETag" : "X-Linked-Etag"] = $"\"{sha}\"";
            }

            Send(response, key, Body(key, content), request.Headers["Range"]);
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client went away; the test decides whether that was expected.
        }
    }

    private byte[] Body(string key, byte[] content)
    {
        if (_corruptTimes.TryGetValue(key, out var times) && times > 0)
        {
            _corruptTimes[key] = times - 1;
            var corrupt = (byte[])content.Clone();
            corrupt[corrupt.Length / 2] ^= 0xFF;
            return corrupt;
        }

        return content;
    }

    private void Send(HttpListenerResponse response, string key, byte[] content, string? range)
    {
        var from = 0;
        if (range is not null && !IgnoreRange && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
        {
            from = int.Parse(range["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
            if (from >= content.Length)
            {
                response.StatusCode = 416;
                response.Close();
                return;
            }

            response.StatusCode = 206;
            response.Headers["Content-Range"] = $"bytes {from}-{content.Length - 1}/{content.Length}";
        }

        response.ContentLength64 = content.Length - from;
        if (_dropAfter.TryRemove(key, out var dropAfter))
        {
            response.OutputStream.Write(content, from, Math.Min(dropAfter, content.Length - from));
            response.OutputStream.Flush();
            response.Abort();
            return;
        }

        response.OutputStream.Write(content, from, content.Length - from);
        response.Close();
    }
}
