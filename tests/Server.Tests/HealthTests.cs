using System.Net;

namespace AdventureServer.Server.Tests;

public class HealthTests
{
    [Test]
    public async Task The_real_host_answers_healthz_with_200_on_a_loopback_port()
    {
        await using var server = await TestServer.StartAsync();

        using var response = await server.Http.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
