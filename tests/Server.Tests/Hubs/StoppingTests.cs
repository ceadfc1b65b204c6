using System.Net;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AdventureServer.Server.Tests.Hubs;

/// <summary>
/// A stopping server closes its hub connections and the clients reconnect at once: a connection it accepted
/// then would hold the stop until the client timed out.
/// </summary>
public sealed class StoppingTests
{
    [Test]
    public async Task Once_the_server_begins_to_stop_it_refuses_new_hub_connections_but_still_answers_other_requests()
    {
        await using var server = await GameServer.StartAsync();
        var token = await GameServer.TokenAsync(server, "ada");
        await using var before = await PlayerConnection.ConnectAsync(server.Address, token, "ada");

        server.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        await using var late = new HubConnectionBuilder()
            .WithUrl(new Uri(server.Address, "/hubs/play"), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .Build();
        var refused = Assert.CatchAsync(() => late.StartAsync());
        using var health = await server.Http.GetAsync("/healthz");

        Assert.That(refused!.ToString(), Does.Contain("503"), "the hub connection was refused as Service Unavailable");
        Assert.That(late.State, Is.EqualTo(HubConnectionState.Disconnected));
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
