using System.Text.Json.Serialization;

namespace AdventureServer.Server.Api.OpenAi;

/// <summary>One choice of a completion (this server makes one).</summary>
/// <param name="Text">The generated text (in a stream chunk: this chunk's part).</param>
/// <param name="Index">Always 0.</param>
/// <param name="FinishReason"><c>stop</c> or <c>length</c>; null in a stream until the last chunk.</param>
/// <param name="Logprobs">Each generated token's log-probability and the likeliest alternatives, when <c>logprobs</c> asked for them.</param>
public sealed record CompletionChoice(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("finish_reason")] string? FinishReason,
    [property: JsonPropertyName("logprobs")] CompletionLogprobs? Logprobs = null);
