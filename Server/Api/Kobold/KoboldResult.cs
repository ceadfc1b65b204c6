using System.Text.Json.Serialization;

namespace AdventureServer.Server.Api.Kobold;

/// <summary>One generated text of <c>/api/v1/generate</c>, with KoboldCpp's token counts.</summary>
/// <param name="Text">The generated text.</param>
/// <param name="FinishReason"><c>stop</c>, <c>length</c> or <c>abort</c>.</param>
/// <param name="PromptTokens">The prompt's tokens as the model saw them (after any cut).</param>
/// <param name="CompletionTokens">New tokens.</param>
/// <param name="Adjustments">What the server changed to make the request fit (a lowered <c>max_length</c>, a cut prompt); absent when nothing.</param>
public sealed record KoboldResult(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("finish_reason")] string FinishReason,
    [property: JsonPropertyName("prompt_tokens")] int PromptTokens,
    [property: JsonPropertyName("completion_tokens")] int CompletionTokens,
    [property: JsonPropertyName("adjustments"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Adjustments);
