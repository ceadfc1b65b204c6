using System.Text.Json.Serialization;

namespace AdventureServer.Inference.Tests.Golden;

/// <summary>A golden folder's expected.json.</summary>
sealed record GoldenExpectations([property: JsonPropertyName("cases")] IReadOnlyList<GoldenCase> Cases);

/// <summary>One recorded prompt and what transformers computed for it.</summary>
sealed record GoldenCase(
    [property: JsonPropertyName("input_ids")] int[] InputIds,
    [property: JsonPropertyName("greedy_20")] int[] Greedy20,
    [property: JsonPropertyName("greedy_margins")] double[] GreedyMargins,
    [property: JsonPropertyName("top10_ids")] int[] Top10Ids);
