using System.Security.Cryptography;
using AdventureServer.Inference.Models;
using AdventureServer.Server.Cli;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AdventureServer.Server.Tests.Cli;

public class DownloadCommandTests
{
    private static readonly byte[] Weights = RandomNumberGenerator.GetBytes(200_000);

    private string _cache = "";

    [SetUp]
    public void CreateCache() => _cache = Directory.CreateTempSubdirectory("download-cli-").FullName;

    [TearDown]
    public void DeleteCache() => Directory.Delete(_cache, recursive: true);

    [Test]
    public async Task The_download_verb_fetches_a_hub_model_into_the_cache()
    {
        await using var hub = await StartHubAsync();

        var exitCode = await AdventureCommandLine.Create()
            .Parse(["download", "hf:org/tiny", "--hub", HubUrl(hub), "--cache", _cache]).InvokeAsync();

        Assert.That(exitCode, Is.Zero);
        var folder = Path.Combine(_cache, "org--tiny");
        Assert.That(File.ReadAllBytes(Path.Combine(folder, HubModelDownloader.WeightsFile)), Is.EqualTo(Weights));
        Assert.That(File.Exists(Path.Combine(folder, HubModelDownloader.CompleteMarker)), Is.True);
    }

    [Test]
    public async Task The_download_verb_fails_with_exit_code_one_for_a_model_the_hub_lacks()
    {
        await using var hub = await StartHubAsync();

        var exitCode = await AdventureCommandLine.Create()
            .Parse(["download", "org/missing", "--hub", HubUrl(hub), "--cache", _cache]).InvokeAsync();

        Assert.That(exitCode, Is.EqualTo(1));
    }

    /// <summary>A stand-in for the hub on a loopback port: one model, weights with their SHA-256 in X-Linked-Etag.</summary>
    private static async Task<WebApplication> StartHubAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/org/tiny/resolve/main/config.json", () => Results.Text("{}", "application/json"));
        app.MapGet("/org/tiny/resolve/main/model.safetensors", (HttpContext context) =>
        {
            context.Response.Headers["X-Linked-Etag"] = $"\"{Convert.ToHexStringLower(SHA256.HashData(Weights))}\"";
            return Results.Bytes(Weights, "application/octet-stream", enableRangeProcessing: true);
        });
        await app.StartAsync();
        return app;
    }

    private static string HubUrl(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
}
