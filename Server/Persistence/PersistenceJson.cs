using System.Text.Json;
using System.Text.Json.Serialization;

namespace AdventureServer.Server.Persistence;

/// <summary>The JSON settings of the database's JSON columns and of exported adventures (one set, so both read alike).</summary>
internal static class PersistenceJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"Expected a {typeof(T).Name}, found null.");
}
