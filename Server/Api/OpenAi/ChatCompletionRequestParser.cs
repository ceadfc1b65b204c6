using AdventureServer.Server.Api.Serving;

namespace AdventureServer.Server.Api.OpenAi;

/// <summary>Checks a <see cref="ChatCompletionRequest"/>, writes its chat through the template, and makes the API's generation request.</summary>
public static class ChatCompletionRequestParser
{
    /// <exception cref="ApiProblem">400 naming the parameter at fault.</exception>
    public static ApiGenerationRequest Parse(ChatCompletionRequest body, ApiOptions options, int contextWindow)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(options);
        if (body.N is { } n && n != 1)
            throw ApiProblem.BadParameter("n", "This server makes one answer per request; leave 'n' out or set it to 1.");
        Refuse("tools", body.Tools, "This model cannot call tools; leave 'tools' out.");
        Refuse("functions", body.Functions, "This model cannot call functions; leave 'functions' out.");
        if (body.ResponseFormat is { ValueKind: System.Text.Json.JsonValueKind.Object } format
            && !(format.TryGetProperty("type", out var type) && type.ValueKind == System.Text.Json.JsonValueKind.String && type.GetString() == "text"))
            throw ApiProblem.BadParameter("response_format", "This model writes plain text only; leave 'response_format' out or set it to {\"type\": \"text\"}.");
        if (body.TopLogprobs is not null && body.Logprobs != true)
            throw ApiProblem.BadParameter("top_logprobs", "'top_logprobs' needs \"logprobs\": true.");
        OpenAiParameters.RefuseUnsupportedPenalty("presence_penalty", body.PresencePenalty);
        OpenAiParameters.RefuseUnsupportedPenalty("frequency_penalty", body.FrequencyPenalty);
        var (prompt, templateStops) = ChatTemplate.Apply(body.Messages, options.Chat);
        var (name, value) = body.MaxCompletionTokens is not null ? ("max_completion_tokens", body.MaxCompletionTokens) : ("max_tokens", body.MaxTokens);
        var maxNewTokens = ApiParameters.MaxNewTokens(name, value, options.DefaultChatMaxTokens, options.MaxTokensCap);
        return new ApiGenerationRequest
        {
            PromptText = prompt,
            MaxNewTokens = maxNewTokens,
            KeepLastPromptTokens = OpenAiParameters.KeepLastPromptTokens(body.TruncatePromptTokens, options.TruncatePrompts, maxNewTokens, contextWindow),
            Sampling = OpenAiParameters.Sampling(body.Temperature, body.TopP, body.TopK, body.RepetitionPenalty, body.Seed, body.LogitBias),
            StopSequences = [.. OpenAiParameters.Stops(body.Stop), .. templateStops],
            LogProbs = body.Logprobs == true ? OpenAiParameters.TopLogprobs("top_logprobs", body.TopLogprobs ?? 0) : null,
        };
    }

    static void Refuse(string name, System.Text.Json.JsonElement? value, string message)
    {
        if (value is { ValueKind: not (System.Text.Json.JsonValueKind.Null or System.Text.Json.JsonValueKind.Undefined) } v
            && !(v.ValueKind == System.Text.Json.JsonValueKind.Array && v.GetArrayLength() == 0))
            throw ApiProblem.BadParameter(name, message);
    }
}
