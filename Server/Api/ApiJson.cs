using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

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
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return Parse<T>(buffer.ToArray());
    }

    /// <summary><paramref name="utf8"/> as <typeparamref name="T"/>.</summary>
    /// <exception cref="ApiProblem">400 when it is not JSON or a value has the wrong type.</exception>
    public static T Parse<T>(ReadOnlyMemory<byte> utf8) where T : class
    {
        // Syntax first: a body cut short is bad JSON, not a bad value of whichever parameter the reader was in.
        try
        {
            using var _ = JsonDocument.Parse(utf8);
        }
        catch (JsonException e)
        {
            throw new ApiProblem(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"The request body is not valid JSON (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}); was it cut short? Send one JSON object."));
        }
        try
        {
            return JsonSerializer.Deserialize<T>(utf8.Span, Options) ?? throw new ApiProblem("The request body must be a JSON object.");
        }
        catch (JsonException e)
        {
            // The serializer's own message names .NET types; say what the parameter takes instead.
            var param = ParamOf(e.Path);
            if (param is null)
                throw new ApiProblem("The request body must be a JSON object.");
            throw ApiProblem.BadParameter(param, $"'{param}' has the wrong type: it must be {Expected(typeof(T), param)}.");
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

    static string Expected(Type body, string param)
    {
        var property = body.GetProperties().FirstOrDefault(p =>
            string.Equals(p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? p.Name, param, StringComparison.OrdinalIgnoreCase));
        var type = property is null ? null : Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return type switch
        {
            null => "a value of the documented type",
            _ when type == typeof(int) || type == typeof(long) => "a whole number (an integer, not a string)",
            _ when type == typeof(float) || type == typeof(double) => "a number",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(string) => "a string",
            _ when type.IsAssignableTo(typeof(System.Collections.IDictionary)) => "an object",
            _ when type.IsAssignableTo(typeof(System.Collections.IEnumerable)) => "an array",
            _ => "an object",
        };
    }
}
