using System.Globalization;
using AdventureServer.Inference.Serving;
using AdventureServer.Inference.Text;
using AdventureServer.Server.Api.Keys;
using Microsoft.Extensions.Options;

namespace AdventureServer.Server.Api.Serving;

/// <summary>
/// Puts an API request into the worker that serves the players: the key's limits, the API's share of the worker,
/// its own fairness key (<c>api:ID</c>) and a priority below the players'.
/// </summary>
public sealed class ApiGenerator(
    ITextGenerator generator,
    ApiRateLimiter limiter,
    ApiAdmission admission,
    IOptions<ApiOptions> options,
    ILogger<ApiGenerator> logger)
{
    /// <summary>The served model's name.</summary>
    public string ModelName => generator.ModelName;

    /// <summary>The model's context window in tokens.</summary>
    public int ContextWindow => generator.ContextWindow;

    /// <summary>The prompt's tokens as the model sees them.</summary>
    public static IReadOnlyList<int> Tokenize(string text)
    {
        // The loader serves every model with GPT-2's tokenizer, so the API can truncate and count with the same one.
        return Gpt2Tokenizer.Shared.Encode(text);
    }

    /// <summary>The prompt's tokens as they will be submitted: tokenized, cut from the start where the request allows it, checked against the window.</summary>
    /// <returns>The tokens and how many were cut from the start.</returns>
    /// <exception cref="ApiProblem">400 when the prompt is empty or longer than the window.</exception>
    public static (IReadOnlyList<int> Prompt, int Dropped) PreparePrompt(ApiGenerationRequest request, int contextWindow)
    {
        ArgumentNullException.ThrowIfNull(request);
        var prompt = request.PromptTokens ?? Tokenize(request.PromptText ?? "");
        var dropped = 0;
        if (request.KeepLastPromptTokens is { } keep && prompt.Count > keep)
        {
            dropped = prompt.Count - keep;
            prompt = prompt.Skip(dropped).ToArray();
        }
        if (prompt.Count == 0)
            throw ApiProblem.BadParameter("prompt", "The prompt is empty; send the text to continue.");
        if (prompt.Count > contextWindow)
            throw ApiProblem.BadParameter("prompt", string.Create(CultureInfo.InvariantCulture,
                $"The prompt has {prompt.Count} tokens; the model's context window holds {contextWindow}. Shorten the prompt, or send \"truncate_prompt_tokens\": -1 to have its start cut."));
        return (prompt, dropped);
    }

    /// <summary>Admits and submits <paramref name="request"/>; cancelling <paramref name="cancellationToken"/> ends it at the worker's next step.</summary>
    /// <exception cref="ApiProblem">400 (prompt), 429 (this key's limits), 503 (the API's share or the worker's queue is full).</exception>
    public async Task<ApiGeneration> StartAsync(ApiCaller caller, ApiGenerationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var (prompt, dropped) = PreparePrompt(request, generator.ContextWindow);

        var settle = limiter.Admit(caller, prompt.Count + request.MaxNewTokens);
        IDisposable place;
        try
        {
            place = await admission.EnterAsync(cancellationToken);
        }
        catch
        {
            settle(0);
            throw;
        }

        GenerationStream stream;
        try
        {
            stream = generator.Submit(new GenerationRequest
            {
                PromptTokens = prompt,
                MaxNewTokens = request.MaxNewTokens,
                Sampling = request.Sampling,
                StopSequences = request.StopSequences,
                Key = caller.FairnessKey,
                Priority = options.Value.Priority,
                // The engine counts "none" as 0, so a request for the chosen token's alone asks it for one.
                LogProbs = request.LogProbs is { } top ? Math.Max(1, top) : 0,
            }, cancellationToken);
        }
        catch (EngineBusyException)
        {
            place.Dispose();
            settle(0);
            ApiLog.WorkerBusy(logger, caller.KeyId);
            throw ApiProblem.Busy("The model's queue is full (players and API clients share it). Try again in a few seconds.");
        }
        catch (ArgumentException e)
        {
            place.Dispose();
            settle(0);
            throw ApiProblem.BadParameter("prompt", e.Message);
        }

        ApiLog.Started(logger, caller.KeyId, prompt.Count, request.MaxNewTokens);
        _ = stream.Result.ContinueWith(finished =>
        {
            // The share is held as long as the worker holds the sequence, whoever stops reading.
            place.Dispose();
            if (finished.IsCompletedSuccessfully)
            {
                var result = finished.Result;
                settle(result.PromptTokens + result.CompletionTokens);
                ApiLog.Finished(logger, caller.KeyId, result.FinishReason, result.CompletionTokens, result.TotalTime.TotalMilliseconds, result.QueueTime.TotalMilliseconds);
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return new ApiGeneration(stream, prompt, dropped);
    }
}
