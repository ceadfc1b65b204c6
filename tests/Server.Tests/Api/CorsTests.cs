using System.Net;

namespace AdventureServer.Server.Tests.Api;

/// <summary>Cross-origin access as KoboldAI Lite needs it from its own site or a local file: preflight, then the request.</summary>
public class CorsTests
{
    const string Lite = "https://lite.koboldai.net";

    [Test]
    public async Task Any_origin_may_call_the_API_routes_by_default_but_not_the_games_token_routes()
    {
        var (server, key) = await ApiTestServer.StartAsync();
        await using var _ = server;

        using var preflight = await server.Http.SendAsync(Preflight("/api/v1/generate", Lite));
        using var filePreflight = await server.Http.SendAsync(Preflight("/v1/completions", "null"));
        var post = ApiTestServer.Post("/api/extra/tokencount", new { prompt = "Hello there" }, key);
        post.Headers.Add("Origin", Lite);
        using var answer = await server.Http.SendAsync(post);
        using var login = await server.Http.SendAsync(Preflight("/api/account/login", Lite));

        Assert.That((int)preflight.StatusCode, Is.EqualTo(204));
        Assert.That(Header(preflight, "Access-Control-Allow-Origin"), Is.EqualTo("*"));
        Assert.That(Header(preflight, "Access-Control-Allow-Methods"), Does.Contain("POST"));
        Assert.That(Header(preflight, "Access-Control-Allow-Headers")!.ToLowerInvariant(), Does.Contain("authorization").And.Contain("content-type"));
        Assert.That(Header(filePreflight, "Access-Control-Allow-Origin"), Is.EqualTo("*"), "a page opened from a file sends Origin: null");
        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Header(answer, "Access-Control-Allow-Origin"), Is.EqualTo("*"));
        Assert.That(Header(login, "Access-Control-Allow-Origin"), Is.Null);
    }

    [Test]
    public async Task Configured_origins_replace_the_default_and_open_the_token_routes_only_to_theirs()
    {
        var (server, _) = await ApiTestServer.StartAsync($"--Api:CorsOrigins={Lite}", "--Api:GameCorsOrigins=https://game.example");
        await using var __ = server;

        using var lite = await server.Http.SendAsync(Preflight("/api/v1/generate", Lite));
        using var other = await server.Http.SendAsync(Preflight("/api/v1/generate", "https://elsewhere.example"));
        using var game = await server.Http.SendAsync(Preflight("/api/account/login", "https://game.example"));
        using var gameFromLite = await server.Http.SendAsync(Preflight("/api/account/login", Lite));

        Assert.That(Header(lite, "Access-Control-Allow-Origin"), Is.EqualTo(Lite));
        Assert.That(Header(other, "Access-Control-Allow-Origin"), Is.Null);
        Assert.That(Header(game, "Access-Control-Allow-Origin"), Is.EqualTo("https://game.example"));
        Assert.That(Header(gameFromLite, "Access-Control-Allow-Origin"), Is.Null);
    }

    static HttpRequestMessage Preflight(string path, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization, content-type");
        return request;
    }

    static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
