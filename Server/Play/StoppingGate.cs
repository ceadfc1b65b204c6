namespace AdventureServer.Server.Play;

/// <summary>
/// Once the server begins to stop, it refuses new hub connections with 503. SignalR closes the connections
/// it holds when stopping begins, and the clients reconnect at once; a connection accepted after that
/// would stay open until its client timed out (30 s), and the stop would wait for it.
/// </summary>
public static class StoppingGate
{
    public static WebApplication RefuseHubConnectionsWhileStopping(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var stopping = app.Lifetime.ApplicationStopping;
        app.Use(async (context, next) =>
        {
            if (stopping.IsCancellationRequested && context.Request.Path.StartsWithSegments("/hubs", StringComparison.Ordinal))
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "5";
                await context.Response.WriteAsync("The server is stopping.");
                return;
            }

            await next(context);
        });
        return app;
    }
}
