using AdventureServer.Inference.Serving;

namespace AdventureServer.Server.Api;

/// <summary>How a worker result reads in the dialects.</summary>
public static class GenerationOutcome
{
    /// <summary><c>stop</c> (a stop sequence or end-of-text) or <c>length</c>, as OpenAI and KoboldCpp report it.</summary>
    public static string FinishReasonText(FinishReason reason) => reason == FinishReason.Length ? "length" : "stop";

    /// <summary>The refusal for a generation that ended without a usable text, or null when it did.</summary>
    /// <param name="result">The worker's result.</param>
    /// <param name="abortedOnPurpose">The caller asked for the end (KoboldAI's abort): its text so far is the answer.</param>
    public static ApiProblem? Failure(GenerationResult result, bool abortedOnPurpose = false)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.FinishReason switch
        {
            FinishReason.Error => new ApiProblem(StatusCodes.Status500InternalServerError, "server_error",
                "The model failed while generating: " + (result.Error ?? "unknown error") + ". Try again; if it keeps failing, tell the server's operator."),
            FinishReason.Cancelled when !abortedOnPurpose => new ApiProblem(StatusCodes.Status503ServiceUnavailable, "server_busy",
                "The server stopped the generation (it is shutting down). Try again shortly.", code: "cancelled"),
            _ => null,
        };
    }
}
