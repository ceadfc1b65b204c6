using System.Text.Json;

namespace AdventureServer.Server.Api;

/// <summary>Reads request bodies so that a malformed one becomes a 400 naming the parameter, in the API's own error shape.</summary>
public static class ApiJson
{
    static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        // Clients send "Temperature" and "temperature" alike; OpenAI and KoboldAI accept both.
        PropertyNameCaseInsensitive = true,
    };

    /// <summary>The request's JSON body as <typeparamref name="T"/>.</summary>
    /// <exception cref="ApiProblem">400 when the body is not JSON or a value has the wrong type.</exception>
    public static async Task<T> ReadAsync<T>(HttpContext context) where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(context.Request.Body, Options, context.RequestAborted)
                ?? throw new ApiProblem("The request body must be a JSON object.");
        }
        catch (JsonException e)
        {
            var param = ParamOf(e.Path);
            throw param is null
                ? new ApiProblem("The request body is not valid JSON: " + e.Message)
                : ApiProblem.BadParameter(param, $"'{param}' has the wrong type or is malformed: {e.Message}");
        }
    }

    // "$.stop[2]" → "stop": clients know their parameters by name.
    static string? ParamOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$" || !path.StartsWith("$.", StringComparison.Ordinal))
            return null;
        var name = path[2..];
        var end = name.IndexOfAny(['.', '[']);
        return end < 0 ? name : name[..end];
    }
}
