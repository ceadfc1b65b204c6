using System.Net.Http.Json;
using System.Text.Json;

namespace AdventureServer.Server.Tests.Api;

/// <summary>Reads OpenAI's error shape, failing the test when the body has another.</summary>
internal static class ApiErrorBody
{
    public static async Task<(string Message, string Type, string? Param, string? Code)> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var error = body.GetProperty("error");
        return (error.GetProperty("message").GetString()!, error.GetProperty("type").GetString()!,
            error.GetProperty("param").GetString(), error.GetProperty("code").GetString());
    }
}
