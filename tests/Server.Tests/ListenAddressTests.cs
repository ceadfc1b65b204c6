using System.Net;
using AdventureServer.Server.Tests.Durability;

namespace AdventureServer.Server.Tests;

/// <summary>Containers and hosting platforms pass the address in the environment; the server must listen there.</summary>
[TestFixture]
public sealed class ListenAddressTests
{
    string _data = null!;

    [SetUp]
    public void CreateDataFolder() => _data = Directory.CreateTempSubdirectory("listen-").FullName;

    [TearDown]
    public void DeleteDataFolder() => Directory.Delete(_data, recursive: true);

    [Test]
    public async Task The_server_listens_where_ASPNETCORE_URLS_says()
    {
        await using var server = await ChildServer.StartWithAddressFromEnvironmentAsync(
            _data, "ASPNETCORE_URLS", port => $"http://127.0.0.1:{port}");

        using var health = await server.Http.GetAsync("/healthz");

        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK), server.Output);
    }

    [Test]
    public async Task The_server_listens_on_the_port_ASPNETCORE_HTTP_PORTS_names()
    {
        await using var server = await ChildServer.StartWithAddressFromEnvironmentAsync(
            _data, "ASPNETCORE_HTTP_PORTS", port => port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        using var health = await server.Http.GetAsync("/healthz");

        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK), server.Output);
    }
}
