using System.Globalization;
using AdventureServer.Inference.Text;
using AdventureServer.Server.Api.Serving;

namespace AdventureServer.Server.Api.Kobold;

/// <summary>
/// Checks a <see cref="KoboldGenerateRequest"/> and turns it into the API's generation request, as leniently as
/// KoboldCpp: a <c>max_context_length</c> beyond the model's window and a <c>max_length</c> beyond the server's cap
/// are lowered to them (KoboldAI Lite asks for 1536 of 12288 by default), the prompt loses its start to fit, and
/// each change is named in the answer's <c>adjustments</c>.
/// </summary>
public static class KoboldRequestParser
{
    /// <summary>KoboldAI's default <c>max_length</c>.</summary>
    const int DefaultMaxLength = 80;

    const int MostStops = 32;

    /// <param name="body">The request.</param>
    /// <param name="options">The API's limits.</param>
    /// <param name="contextWindow">The model's window: a larger <c>max_context_length</c> is cut to it.</param>
    /// <exception cref="ApiProblem">400 naming the parameter at fault.</exception>
    public static ApiGenerationRequest Parse(KoboldGenerateRequest body, ApiOptions options, int contextWindow)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(options);
        if (body.Prompt is null)
            throw ApiProblem.BadParameter("prompt", "'prompt' is required: the text to continue.");
        if (body.MaxLength is < 1)
            throw ApiProblem.BadParameter("max_length", "'max_length' must be at least 1.");
        if (body.MaxContextLength is < 2)
            throw ApiProblem.BadParameter("max_context_length", "'max_context_length' must be at least 2 (room for a prompt and a new token).");
        var adjustments = new List<string>();
        var window = body.MaxContextLength ?? contextWindow;
        if (window > contextWindow)
        {
            adjustments.Add(Say($"max_context_length lowered from {window} to {contextWindow}, the model's window"));
            window = contextWindow;
        }
        var maxLength = body.MaxLength ?? Math.Min(DefaultMaxLength, options.MaxTokensCap);
        if (maxLength > options.MaxTokensCap)
        {
            adjustments.Add(Say($"max_length lowered from {maxLength} to {options.MaxTokensCap}, this server's most per request"));
            maxLength = options.MaxTokensCap;
        }
        if (window - maxLength < 1)
        {
            // No room would be left for the story: keep half the window for it, the rest for new text.
            var half = Math.Max(1, window / 2);
            adjustments.Add(Say($"max_length lowered from {maxLength} to {half}, leaving half of the {window}-token context for the prompt"));
            maxLength = half;
        }
        return new ApiGenerationRequest
        {
            PromptText = body.Prompt,
            MaxNewTokens = maxLength,
            // As KoboldAI does: the story's start goes first when it does not fit, the latest text stays.
            KeepLastPromptTokens = window - maxLength,
            // KoboldCpp's defaults.
            Sampling = ApiParameters.Sampling(
                ("temperature", body.Temperature, 0.75f),
                ("top_p", body.TopP, 0.92f),
                ("top_k", body.TopK, 100),
                ("rep_pen", body.RepPen, 1.1f),
                body.SamplerSeed is null or < 0 ? null : body.SamplerSeed)
                with { BannedTokenIds = body.UseDefaultBadWordsIds == true ? [Gpt2Tokenizer.EndOfText] : [] },
            StopSequences = ApiParameters.Stops("stop_sequence", body.StopSequence, MostStops),
            Adjustments = adjustments,
        };
    }

    static string Say(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
