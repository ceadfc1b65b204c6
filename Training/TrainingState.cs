using System.Text.Json;
using System.Text.Json.Serialization;

namespace AdventureServer.Training;

/// <summary>Where a training run stands, saved beside each checkpoint so that it can be resumed.</summary>
public sealed record TrainingState
{
    public const string FileName = "trainer_state.json";

    [JsonPropertyName("step")] public int Step { get; init; }

    [JsonPropertyName("train_loss")] public double TrainLoss { get; init; }

    // NaN until the first validation, which plain JSON numbers cannot say.
    [JsonPropertyName("valid_loss"), JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)] public double ValidLoss { get; init; }

    [JsonPropertyName("seed")] public long Seed { get; init; }

    [JsonPropertyName("tokens_seen")] public long TokensSeen { get; init; }

    public void Save(string folder) =>
        File.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true }));

    public static TrainingState? Load(string folder)
    {
        var path = Path.Combine(folder, FileName);
        return File.Exists(path) ? JsonSerializer.Deserialize<TrainingState>(File.ReadAllText(path)) : null;
    }
}
