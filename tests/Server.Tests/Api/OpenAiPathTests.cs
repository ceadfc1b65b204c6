using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace AdventureServer.Server.Tests.Api;

/// <summary><c>GET /v1/models/{id}</c>, and OpenAI's error shape on any other path under <c>/v1</c>.</summary>
public class OpenAiPathTests
{
    [Test]
    public async Task The_served_model_is_found_by_its_id_and_other_ids_and_paths_are_404_in_OpenAIs_shape()
    {
        var (server, key) = await ApiTestServer.StartAsync();
        await using var _ = server;
        var model = server.Worker().ModelName;

        using var found = await server.Http.SendAsync(Get($"/v1/models/{Uri.EscapeDataString(model)}", key));
        using var missing = await server.Http.SendAsync(Get("/v1/models/gpt-4o", key));
        using var unknown = await server.Http.SendAsync(Get("/v1/embeddings", key));
        using var unknownPost = await server.Http.SendAsync(ApiTestServer.Post("/v1/responses", new { input = "hi" }, key));
        using var noKey = await server.Http.SendAsync(Get($"/v1/models/{Uri.EscapeDataString(model)}", null));
        var body = await found.Content.ReadFromJsonAsync<JsonElement>();

        Assert.That(found.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("id").GetString(), Is.EqualTo(model));
        Assert.That(body.GetProperty("object").GetString(), Is.EqualTo("model"));
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await ApiErrorBody.ReadAsync(missing)).Code, Is.EqualTo("model_not_found"));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await ApiErrorBody.ReadAsync(unknown)).Message, Does.Contain("GET /v1/embeddings").And.Contain("POST /v1/chat/completions"));
        Assert.That(unknownPost.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await ApiErrorBody.ReadAsync(unknownPost)).Type, Is.EqualTo("invalid_request_error"));
        Assert.That(noKey.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    static HttpRequestMessage Get(string path, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }
}
