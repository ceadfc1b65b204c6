using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace AdventureServer.Server.Api;

/// <summary>Writes <c>text/event-stream</c> responses, flushing each event so that the client sees every token at once.</summary>
public static class ServerSentEvents
{
    /// <summary>Starts the response as an event stream.</summary>
    public static void Begin(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        // Proxies such as nginx would otherwise hold tokens back.
        response.Headers["X-Accel-Buffering"] = "no";
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    /// <summary>Writes one event: an optional <c>event:</c> line and one <c>data:</c> line.</summary>
    public static async Task WriteAsync(HttpResponse response, string data, string? eventName = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = new StringBuilder();
        if (eventName is not null)
            text.Append("event: ").Append(eventName).Append('\n');
        text.Append("data: ").Append(data).Append("\n\n");
        await response.WriteAsync(text.ToString(), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
