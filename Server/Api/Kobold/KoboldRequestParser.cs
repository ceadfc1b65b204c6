using System.Globalization;
using AdventureServer.Inference.Text;
using AdventureServer.Server.Api.Serving;

namespace AdventureServer.Server.Api.Kobold;

/// <summary>Checks a <see cref="KoboldGenerateRequest"/> and turns it into the API's generation request.</summary>
public static class KoboldRequestParser
{
    /// <summary>KoboldAI's default <c>max_length</c>.</summary>
    const int DefaultMaxLength = 80;

    const int MostStops = 16;

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
        var maxLength = ApiParameters.MaxNewTokens("max_length", body.MaxLength, DefaultMaxLength, options.MaxTokensCap);
        if (body.MaxContextLength is < 1)
            throw ApiProblem.BadParameter("max_context_length", "'max_context_length' must be at least 1.");
        var window = Math.Min(body.MaxContextLength ?? contextWindow, contextWindow);
        if (window - maxLength < 1)
            throw ApiProblem.BadParameter("max_length", string.Create(CultureInfo.InvariantCulture,
                $"'max_length' ({maxLength}) leaves no room for the prompt in a context of {window} tokens. Ask for fewer tokens."));
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
        };
    }
}
