using System.Text.Json;
using AdventureServer.Inference.Text;
using AdventureServer.Server.Api.Serving;

namespace AdventureServer.Server.Api.OpenAi;

/// <summary>Checks a <see cref="CompletionRequest"/> and turns it into the API's generation request.</summary>
public static class CompletionRequestParser
{
    /// <summary>OpenAI allows four stop sequences.</summary>
    const int MostStops = 4;

    /// <exception cref="ApiProblem">400 naming the parameter at fault.</exception>
    public static ApiGenerationRequest Parse(CompletionRequest body, ApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(options);
        if (body.N is { } n && n != 1)
            throw ApiProblem.BadParameter("n", "This server makes one completion per request; leave 'n' out or set it to 1.");
        var (text, tokens) = Prompt(body.Prompt);
        return new ApiGenerationRequest
        {
            PromptText = text,
            PromptTokens = tokens,
            MaxNewTokens = ApiParameters.MaxNewTokens("max_tokens", body.MaxTokens, options.DefaultMaxTokens, options.MaxTokensCap),
            Sampling = ApiParameters.Sampling(
                ("temperature", body.Temperature, 1f),
                ("top_p", body.TopP, 1f),
                ("top_k", body.TopK, 0),
                ("repetition_penalty", body.RepetitionPenalty, 1f),
                body.Seed) with { BannedTokenIds = Banned(body.LogitBias) },
            StopSequences = ApiParameters.Stops("stop", Stops(body.Stop), MostStops),
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

    static List<int> Banned(Dictionary<string, float>? logitBias)
    {
        var banned = new List<int>();
        foreach (var (token, bias) in logitBias ?? [])
        {
            if (!int.TryParse(token, System.Globalization.CultureInfo.InvariantCulture, out var id) || id < 0 || id >= Gpt2Tokenizer.Shared.VocabSize)
                throw ApiProblem.BadParameter("logit_bias", $"'logit_bias' has '{token}', which is not a token id of this model.");
            if (bias <= -100)
                banned.Add(id);
            else if (bias != 0)
                throw ApiProblem.BadParameter("logit_bias", "This server supports 'logit_bias' only to ban tokens (a bias of -100).");
        }
        return banned;
    }

    static IEnumerable<string?> Stops(JsonElement? stop)
    {
        if (stop is not { } value || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            return [];
        if (value.ValueKind == JsonValueKind.String)
            return [value.GetString()];
        if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(s => s.ValueKind == JsonValueKind.String))
            return value.EnumerateArray().Select(s => s.GetString()).ToList();
        throw ApiProblem.BadParameter("stop", "'stop' must be a string or an array of strings.");
    }
}
