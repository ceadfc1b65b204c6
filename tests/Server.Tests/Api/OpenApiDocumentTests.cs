using System.Net.Http.Json;
using System.Text.Json;

namespace AdventureServer.Server.Tests.Api;

public class OpenApiDocumentTests
{
    [Test]
    public async Task The_OpenAPI_document_describes_both_dialects_and_the_error_shape()
    {
        await using var server = await TestServer.StartAsync();

        var document = await server.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.That(paths, Is.SupersetOf(new[] { "/v1/completions", "/v1/models", "/api/v1/generate", "/api/extra/generate/stream", "/api/extra/abort", "/api/v1/model" }));
        Assert.That(document.GetProperty("paths").GetProperty("/v1/completions").GetProperty("post").GetProperty("responses").EnumerateObject().Select(r => r.Name),
            Is.SupersetOf(new[] { "200", "400", "401", "429", "503" }));
        Assert.That(document.GetProperty("components").GetProperty("schemas").GetProperty("CompletionRequest").GetProperty("properties").EnumerateObject().Select(p => p.Name),
            Does.Contain("max_tokens").And.Contain("stream_options"));
    }

    [Test]
    public async Task The_OpenAPI_document_declares_the_bearer_key_and_max_tokens_as_an_integer_only()
    {
        await using var server = await TestServer.StartAsync();

        var document = await server.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        var maxTokens = document.GetProperty("components").GetProperty("schemas").GetProperty("CompletionRequest").GetProperty("properties").GetProperty("max_tokens");
        var types = maxTokens.GetProperty("type").ValueKind == JsonValueKind.Array
            ? maxTokens.GetProperty("type").EnumerateArray().Select(t => t.GetString()).ToList()
            : [maxTokens.GetProperty("type").GetString()];
        var completions = document.GetProperty("paths").GetProperty("/v1/completions").GetProperty("post");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.That(scheme.GetProperty("type").GetString(), Is.EqualTo("http"));
        Assert.That(scheme.GetProperty("scheme").GetString(), Is.EqualTo("bearer"));
        Assert.That(completions.GetProperty("security")[0].EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "bearer" }));
        Assert.That(types, Does.Contain("integer").And.Not.Contain("string"));
        Assert.That(maxTokens.TryGetProperty("pattern", out _), Is.False);
        Assert.That(paths, Is.SupersetOf(new[] { "/v1/chat/completions", "/v1/models/{id}", "/api/extra/tokencount", "/api/extra/generate/check" }));
    }
}
