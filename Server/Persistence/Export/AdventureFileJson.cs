using System.Text.Json;
using System.Text.Json.Serialization;

namespace AdventureServer.Server.Persistence.Export;

/// <summary>The JSON settings of exported files: camel case, indented (people open these files), enums as names.</summary>
internal static class AdventureFileJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        RespectNullableAnnotations = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 32,
    };
}
