using System.Globalization;
using System.Text.Json;
using AdventureServer.Inference.Sampling;
using AdventureServer.Inference.Text;

namespace AdventureServer.Server.Api.OpenAi;

/// <summary>The parameters <c>/v1/completions</c> and <c>/v1/chat/completions</c> share, checked the same way.</summary>
public static class OpenAiParameters
{
    /// <summary>
    /// OpenAI allows four stop sequences; SillyTavern sends more (a chat's speaker names), and KoboldCpp takes dozens.
    /// The matcher's cost grows little with their number.
    /// </summary>
    public const int MostStops = 32;

    /// <summary>OpenAI's seed; a negative one (SillyTavern sends -1) means "draw one", as in the Kobold dialect.</summary>
    public static long? Seed(long? seed) => seed is null or < 0 ? null : seed;

    /// <summary>
    /// The sampling settings both dialects of OpenAI's API name the same way: temperature, top-p, top-k, repetition
    /// penalty, seed and <c>logit_bias</c> bans, checked by <see cref="ApiParameters.Sampling"/>.
    /// </summary>
    public static SamplingSettings Sampling(float? temperature, float? topP, int? topK, float? repetitionPenalty, long? seed, Dictionary<string, float>? logitBias) =>
        ApiParameters.Sampling(
            ("temperature", temperature, 1f),
            ("top_p", topP, 1f),
            ("top_k", topK, 0),
            ("repetition_penalty", repetitionPenalty, 1f),
            Seed(seed)) with { BannedTokenIds = Banned(logitBias) };

    /// <summary>Token ids banned by <c>logit_bias</c> (only -100, a ban, is supported).</summary>
    public static List<int> Banned(Dictionary<string, float>? logitBias)
    {
        var banned = new List<int>();
        foreach (var (token, bias) in logitBias ?? [])
        {
            if (!int.TryParse(token, CultureInfo.InvariantCulture, out var id) || id < 0 || id >= Gpt2Tokenizer.Shared.VocabSize)
                throw ApiProblem.BadParameter("logit_bias", $"'logit_bias' has '{token}', which is not a token id of this model.");
            if (bias <= -100)
                banned.Add(id);
            else if (bias != 0)
                throw ApiProblem.BadParameter("logit_bias", "This server supports 'logit_bias' only to ban tokens (a bias of -100).");
        }
        return banned;
    }

    /// <summary>The stop sequences of <c>stop</c>: a string or an array of strings.</summary>
    public static IReadOnlyList<string> Stops(JsonElement? stop)
    {
        if (stop is not { } value || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            return [];
        if (value.ValueKind == JsonValueKind.String)
            return ApiParameters.Stops("stop", [value.GetString()], MostStops);
        if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(s => s.ValueKind == JsonValueKind.String))
            return ApiParameters.Stops("stop", value.EnumerateArray().Select(s => s.GetString()).ToList(), MostStops);
        throw ApiProblem.BadParameter("stop", "'stop' must be a string or an array of strings.");
    }

    /// <summary>
    /// How many of the prompt's last tokens to keep, or null to refuse a prompt longer than the window (OpenAI's way).
    /// <paramref name="requested"/> is the request's <c>truncate_prompt_tokens</c> (vLLM's extension): N keeps the
    /// last N, -1 keeps what fits beside <c>max_tokens</c>; the server's <c>Api:TruncatePrompts</c> makes -1 the default.
    /// </summary>
    public static int? KeepLastPromptTokens(int? requested, bool serverTruncates, int maxNewTokens, int contextWindow)
    {
        var fits = Math.Max(1, contextWindow - maxNewTokens);
        return requested switch
        {
            null => serverTruncates ? fits : null,
            -1 => fits,
            >= 1 => Math.Min(requested.Value, fits),
            _ => throw ApiProblem.BadParameter("truncate_prompt_tokens",
                "'truncate_prompt_tokens' must be -1 (keep the prompt's end that fits) or at least 1 (keep that many of its last tokens)."),
        };
    }

    /// <summary>Refuses a penalty this server does not apply, rather than ignoring it; 0 (off) is accepted.</summary>
    public static void RefuseUnsupportedPenalty(string name, float? value)
    {
        if (value is { } v && v != 0)
            throw ApiProblem.BadParameter(name, $"This server does not apply '{name}'; leave it out or 0, and use 'repetition_penalty' (e.g. 1.1) instead.");
    }

    /// <summary>The most alternatives per token <c>logprobs</c> / <c>top_logprobs</c> may ask for (OpenAI's chat limit).</summary>
    public const int MostTopLogprobs = 20;

    /// <summary>A top-N count for log-probabilities, 0 to <see cref="MostTopLogprobs"/>.</summary>
    public static int TopLogprobs(string name, int value) =>
        value is >= 0 and <= MostTopLogprobs ? value
            : throw ApiProblem.BadParameter(name, $"'{name}' must be between 0 and {MostTopLogprobs}: how many of the likeliest tokens to list at each position.");
}
