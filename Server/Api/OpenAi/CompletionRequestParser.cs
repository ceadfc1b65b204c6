using System.Text.Json;
using AdventureServer.Inference.Text;
using AdventureServer.Server.Api.Serving;

namespace AdventureServer.Server.Api.OpenAi;

/// <summary>Checks a <see cref="CompletionRequest"/> and turns it into the API's generation request.</summary>
public static class CompletionRequestParser
{
    /// <param name="body">The request.</param>
    /// <param name="options">The API's limits and truncation setting.</param>
    /// <param name="contextWindow">The model's window, for truncating the prompt.</param>
    /// <exception cref="ApiProblem">400 naming the parameter at fault.</exception>
    public static ApiGenerationRequest Parse(CompletionRequest body, ApiOptions options, int contextWindow)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(options);
        if (body.N is { } n && n != 1)
            throw ApiProblem.BadParameter("n", "This server makes one completion per request; leave 'n' out or set it to 1.");
        if (body.BestOf is { } bestOf && bestOf != 1)
            throw ApiProblem.BadParameter("best_of", "This server makes one completion per request; leave 'best_of' out or set it to 1.");
        if (!string.IsNullOrEmpty(body.Suffix))
            throw ApiProblem.BadParameter("suffix", "This server cannot insert text before a 'suffix' (GPT-2 only continues a prompt); leave 'suffix' out.");
        OpenAiParameters.RefuseUnsupportedPenalty("presence_penalty", body.PresencePenalty);
        OpenAiParameters.RefuseUnsupportedPenalty("frequency_penalty", body.FrequencyPenalty);
        var (text, tokens) = Prompt(body.Prompt);
        var maxNewTokens = ApiParameters.MaxNewTokens("max_tokens", body.MaxTokens, options.DefaultMaxTokens, options.MaxTokensCap);
        return new ApiGenerationRequest
        {
            PromptText = text,
            PromptTokens = tokens,
            MaxNewTokens = maxNewTokens,
            KeepLastPromptTokens = OpenAiParameters.KeepLastPromptTokens(body.TruncatePromptTokens, options.TruncatePrompts, maxNewTokens, contextWindow),
            Sampling = OpenAiParameters.Sampling(body.Temperature, body.TopP, body.TopK, body.RepetitionPenalty, body.Seed, body.LogitBias),
            StopSequences = OpenAiParameters.Stops(body.Stop),
            LogProbs = body.Logprobs is { } top ? OpenAiParameters.TopLogprobs("logprobs", top) : null,
        };
    }

    static (string? Text, IReadOnlyList<int>? Tokens) Prompt(JsonElement? prompt)
    {
        const string Shape = "'prompt' must be a string, an array of one string, or an array of token ids; this server completes one prompt per request.";
        if (prompt is not { } value || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            throw ApiProblem.BadParameter("prompt", "'prompt' is required: the text to continue.");
        if (value.ValueKind == JsonValueKind.String)
            return (value.GetString(), null);
        if (value.ValueKind != JsonValueKind.Array)
            throw ApiProblem.BadParameter("prompt", Shape);
        var items = value.EnumerateArray().ToList();
        if (items.Count == 1 && items[0].ValueKind == JsonValueKind.String)
            return (items[0].GetString(), null);
        if (items.Count > 0 && items.All(i => i.ValueKind == JsonValueKind.Number && i.TryGetInt32(out var id) && id >= 0 && id < Gpt2Tokenizer.Shared.VocabSize))
            return (null, items.Select(i => i.GetInt32()).ToList());
        throw ApiProblem.BadParameter("prompt", Shape);
    }
}
