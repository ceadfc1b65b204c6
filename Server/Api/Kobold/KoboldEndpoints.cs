using System.Text;
using System.Text.Json;
using AdventureServer.Server.Api.Keys;
using AdventureServer.Server.Api.Serving;
using Microsoft.Extensions.Options;

namespace AdventureServer.Server.Api.Kobold;

/// <summary>
/// The KoboldAI dialect (KoboldAI United's <c>/api/v1</c> and KoboldCpp's <c>/api/extra</c>), for SillyTavern and
/// KoboldAI Lite. As in KoboldCpp, generating needs a key and the information endpoints do not.
/// </summary>
public static class KoboldEndpoints
{
    /// <summary>The KoboldAI API version implemented.</summary>
    const string ApiVersion = "1.2.5";

    public static IEndpointRouteBuilder MapKoboldApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("KoboldAI-compatible");
        group.MapPost("/v1/generate", (HttpContext c, ApiGenerator g, KoboldGenerations r, IOptions<ApiOptions> o) => GenerateAsync(c, g, r, o, stream: false))
            .WithName("KoboldGenerate").WithSummary("Continues a prompt; answers {\"results\":[{\"text\":…}]}.")
            .Accepts<KoboldGenerateRequest>("application/json").Produces<KoboldGenerateResponse>().ProducesApiErrors();
        group.MapPost("/extra/generate/stream", (HttpContext c, ApiGenerator g, KoboldGenerations r, IOptions<ApiOptions> o) => GenerateAsync(c, g, r, o, stream: true))
            .WithName("KoboldGenerateStream").WithSummary("Continues a prompt as server-sent events: 'event: message', 'data: {\"token\":…}'.")
            .Accepts<KoboldGenerateRequest>("application/json").Produces<KoboldToken>(StatusCodes.Status200OK, "text/event-stream").ProducesApiErrors();
        group.MapPost("/extra/abort", AbortAsync)
            .WithName("KoboldAbort").WithSummary("Stops the caller's own running generation with this genkey.")
            .Accepts<KoboldAbortRequest>("application/json").Produces<KoboldAbortResponse>().ProducesApiErrors();
        group.MapPost("/extra/generate/check", CheckAsync)
            .WithName("KoboldGenerateCheck").WithSummary("The text so far of the caller's own running generation with this genkey (empty when none runs).")
            .Accepts<KoboldAbortRequest>("application/json").Produces<KoboldCheckResponse>().ProducesApiErrors();
        group.MapPost("/extra/tokencount", (Func<HttpContext, Task<IResult>>)CountTokensAsync)
            .WithName("KoboldTokenCount").WithSummary("The prompt's tokens as the model sees them: their count and ids.")
            .Accepts<KoboldPromptRequest>("application/json").Produces<KoboldTokenCount>().Produces<ApiError>(StatusCodes.Status400BadRequest);

        group.MapGet("/v1/model", (ApiGenerator g) => Results.Json(new KoboldTextResult(g.ModelName)))
            .WithName("KoboldModel").WithSummary("The served model's name.").Produces<KoboldTextResult>();
        group.MapGet("/v1/info/version", () => Results.Json(new KoboldTextResult(ApiVersion)))
            .WithName("KoboldApiVersion").WithSummary("The KoboldAI API version implemented.").Produces<KoboldTextResult>();
        group.MapGet("/v1/config/max_length", (IOptions<ApiOptions> o) => Results.Json(new KoboldValue(o.Value.MaxTokensCap)))
            .WithName("KoboldMaxLength").WithSummary("The most new tokens one request may ask for.").Produces<KoboldValue>();
        group.MapGet("/v1/config/max_context_length", (ApiGenerator g) => Results.Json(new KoboldValue(g.ContextWindow)))
            .WithName("KoboldMaxContextLength").WithSummary("The model's context window in tokens.").Produces<KoboldValue>();
        group.MapGet("/extra/true_max_context_length", (ApiGenerator g) => Results.Json(new KoboldValue(g.ContextWindow)))
            .WithName("KoboldTrueMaxContextLength").WithSummary("The model's context window in tokens (KoboldCpp).").Produces<KoboldValue>();
        // SillyTavern and KoboldAI Lite use the streaming and abort endpoints only with servers that answer as KoboldCpp.
        group.MapGet("/extra/version", () => Results.Json(new KoboldTextResult("KoboldCpp", "1.70")))
            .WithName("KoboldCppVersion").WithSummary("Identifies the server as KoboldCpp-compatible, so clients stream.").Produces<KoboldTextResult>();
        return app;
    }

    static async Task<IResult> GenerateAsync(HttpContext context, ApiGenerator generator, KoboldGenerations running, IOptions<ApiOptions> options, bool stream)
    {
        var aborted = context.RequestAborted;
        try
        {
            var caller = await ApiKeyAuthentication.RequireCallerAsync(context);
            var body = await ApiJson.ReadAsync<KoboldGenerateRequest>(context);
            var request = KoboldRequestParser.Parse(body, options.Value, generator.ContextWindow);
            var genKey = string.IsNullOrWhiteSpace(body.GenKey) ? null : body.GenKey;
            var abort = genKey is null ? null : running.Register(caller, genKey, aborted)
                ?? throw ApiProblem.BadParameter("genkey", "A generation with this genkey is already running; wait for it, abort it, or use another genkey.");
            try
            {
                var generation = await generator.StartAsync(caller, request, abort?.Token ?? aborted);
                var adjustments = Adjustments(request, generation);
                // Deltas are read with the client's token only: an abort ends the generation, and its text so far is the answer.
                if (stream)
                {
                    await StreamAsync(context.Response, generation, abort, adjustments, aborted);
                    return Results.Empty;
                }
                var text = new StringBuilder();
                await foreach (var delta in generation.Stream.Deltas.ReadAllAsync(aborted))
                {
                    text.Append(delta);
                    abort?.Append(delta);
                }
                var result = await generation.Stream.Result;
                var wasAborted = abort?.IsAborted == true && !aborted.IsCancellationRequested;
                if (GenerationOutcome.Failure(result, wasAborted) is { } failure)
                    throw failure;
                return Results.Json(new KoboldGenerateResponse([
                    new KoboldResult(text.ToString(), FinishReason(result, wasAborted), result.PromptTokens, result.CompletionTokens, adjustments)]));
            }
            finally
            {
                if (abort is not null)
                    running.Forget(caller, genKey!, abort);
            }
        }
        catch (ApiProblem problem)
        {
            return problem.ToResult(context);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return Results.Empty; // nobody is listening any more
        }
    }

    // The request's own changes and the prompt's cut, or null when the request ran as sent.
    static List<string>? Adjustments(ApiGenerationRequest request, ApiGeneration generation)
    {
        var all = request.Adjustments.ToList();
        if (generation.DroppedPromptTokens > 0)
            all.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"prompt cut from the start by {generation.DroppedPromptTokens} tokens to {generation.PromptTokens}, to fit the context"));
        return all.Count == 0 ? null : all;
    }

    static async Task StreamAsync(HttpResponse response, ApiGeneration generation, KoboldGeneration? abort, List<string>? adjustments, CancellationToken aborted)
    {
        ServerSentEvents.Begin(response);
        await foreach (var delta in generation.Stream.Deltas.ReadAllAsync(aborted))
        {
            abort?.Append(delta);
            await ServerSentEvents.WriteAsync(response, JsonSerializer.Serialize(new KoboldToken(delta)), "message", aborted);
        }
        var result = await generation.Stream.Result;
        var wasAborted = abort?.IsAborted == true && !aborted.IsCancellationRequested;
        if (GenerationOutcome.Failure(result, wasAborted) is { } failure)
        {
            await ServerSentEvents.WriteAsync(response, JsonSerializer.Serialize(new ApiError(new ApiErrorDetail(failure.Message, failure.Type, null, failure.Code))), "error", aborted);
            return;
        }
        await ServerSentEvents.WriteAsync(response, JsonSerializer.Serialize(new KoboldToken("", FinishReason(result, wasAborted), adjustments)), "message", aborted);
    }

    static string FinishReason(Inference.Serving.GenerationResult result, bool wasAborted) =>
        wasAborted ? "abort" : GenerationOutcome.FinishReasonText(result.FinishReason);

    static async Task<IResult> CheckAsync(HttpContext context, KoboldGenerations running)
    {
        try
        {
            var caller = await ApiKeyAuthentication.RequireCallerAsync(context);
            var body = await ApiJson.ReadAsync<KoboldAbortRequest>(context);
            if (string.IsNullOrWhiteSpace(body.GenKey))
                throw ApiProblem.BadParameter("genkey", "'genkey' is required: the genkey the generation was started with.");
            var text = running.Find(caller, body.GenKey)?.Text ?? "";
            return Results.Json(new KoboldCheckResponse([new KoboldCheckText(text)]));
        }
        catch (ApiProblem problem)
        {
            return problem.ToResult(context);
        }
    }

    static async Task<IResult> CountTokensAsync(HttpContext context)
    {
        try
        {
            var body = await ApiJson.ReadAsync<KoboldPromptRequest>(context);
            if (body.Prompt is null)
                throw ApiProblem.BadParameter("prompt", "'prompt' is required: the text to count.");
            var ids = ApiGenerator.Tokenize(body.Prompt);
            return Results.Json(new KoboldTokenCount(ids.Count, ids));
        }
        catch (ApiProblem problem)
        {
            return problem.ToResult(context);
        }
    }

    static async Task<IResult> AbortAsync(HttpContext context, KoboldGenerations running, ILoggerFactory loggers)
    {
        try
        {
            var caller = await ApiKeyAuthentication.RequireCallerAsync(context);
            var body = await ApiJson.ReadAsync<KoboldAbortRequest>(context);
            if (string.IsNullOrWhiteSpace(body.GenKey))
                throw ApiProblem.BadParameter("genkey", "'genkey' is required: the genkey the generation was started with.");
            var stopped = running.Abort(caller, body.GenKey);
            if (stopped)
                ApiLog.Aborted(loggers.CreateLogger(typeof(KoboldEndpoints).FullName!), caller.KeyId, body.GenKey);
            return Results.Json(new KoboldAbortResponse(stopped));
        }
        catch (ApiProblem problem)
        {
            return problem.ToResult(context);
        }
    }
}
