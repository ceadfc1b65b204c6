using System.Text;
using System.Text.Json;
using AdventureServer.Inference.Text;
using AdventureServer.Server.Api.Keys;
using AdventureServer.Server.Api.Serving;
using Microsoft.Extensions.Options;

namespace AdventureServer.Server.Api.OpenAi;

/// <summary>
/// The OpenAI dialect: <c>POST /v1/completions</c> and <c>/v1/chat/completions</c> (plain and streamed),
/// <c>GET /v1/models</c> and <c>/v1/models/{id}</c>; any other <c>/v1/…</c> path is 404 in OpenAI's error shape.
/// </summary>
public static class OpenAiEndpoints
{
    public static IEndpointRouteBuilder MapOpenAiApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").WithTags("OpenAI-compatible");
        group.MapPost("/completions", CompleteAsync)
            .WithName("CreateCompletion")
            .WithSummary("Continues a prompt (OpenAI's legacy completions); with \"stream\": true, as server-sent events ending in [DONE].")
            .Accepts<CompletionRequest>("application/json")
            .Produces<Completion>(StatusCodes.Status200OK, "application/json", "text/event-stream")
            .ProducesApiErrors();
        group.MapGet("/models", ListModelsAsync)
            .WithName("ListModels")
            .WithSummary("The model this server serves.")
            .Produces<ModelList>()
            .Produces<ApiError>(StatusCodes.Status401Unauthorized);
        group.MapGet("/models/{id}", GetModelAsync)
            .WithName("RetrieveModel")
            .WithSummary("The served model, by its name; 404 for any other.")
            .Produces<ModelInfo>()
            .Produces<ApiError>(StatusCodes.Status401Unauthorized)
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        group.MapChatCompletions();
        // Clients read OpenAI's error shape even on a wrong path; an empty 404 leaves them guessing.
        group.Map("/{**path}", (HttpContext context) => NotFound(context.Request.Method, context.Request.Path))
            .ExcludeFromDescription();
        return app;
    }

    static async Task<IResult> ListModelsAsync(HttpContext context, ApiGenerator generator)
    {
        try
        {
            await ApiKeyAuthentication.RequireCallerAsync(context);
            return Results.Json(new ModelList([new ModelInfo(generator.ModelName, StartedAt)]));
        }
        catch (ApiProblem problem)
        {
            return problem.ToResult(context);
        }
    }

    static async Task<IResult> GetModelAsync(HttpContext context, string id, ApiGenerator generator)
    {
        try
        {
            await ApiKeyAuthentication.RequireCallerAsync(context);
            return id == generator.ModelName
                ? Results.Json(new ModelInfo(generator.ModelName, StartedAt))
                : new ApiProblem(StatusCodes.Status404NotFound, "invalid_request_error",
                    $"The model '{id}' does not exist here; this server serves '{generator.ModelName}' (GET /v1/models).", "model", "model_not_found").ToResult(context);
        }
        catch (ApiProblem problem)
        {
            return problem.ToResult(context);
        }
    }

    static IResult NotFound(string method, PathString path) =>
        Results.Json(new ApiError(new ApiErrorDetail(
            $"Nothing answers {method} {path}. This server serves POST /v1/completions, POST /v1/chat/completions, GET /v1/models and GET /v1/models/{{id}}.",
            "invalid_request_error", null, "unknown_url")), statusCode: StatusCodes.Status404NotFound);

    static async Task<IResult> CompleteAsync(HttpContext context, ApiGenerator generator, IOptions<ApiOptions> options)
    {
        var aborted = context.RequestAborted;
        try
        {
            var caller = await ApiKeyAuthentication.RequireCallerAsync(context);
            var body = await ApiJson.ReadAsync<CompletionRequest>(context);
            var request = CompletionRequestParser.Parse(body, options.Value, generator.ContextWindow);
            // The client's disconnect cancels the generation: the worker frees its slot at the next step.
            var generation = await generator.StartAsync(caller, request, aborted);
            var id = "cmpl-" + Guid.NewGuid().ToString("N");
            var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            // echo: the prompt as the model saw it (after any truncation), then the completion.
            var echo = body.Echo == true ? Gpt2Tokenizer.Shared.Decode(generation.Prompt) : null;
            if (body.Stream == true)
            {
                await StreamAsync(context.Response, generation, echo, request.LogProbs, id, created, generator.ModelName, body.StreamOptions?.IncludeUsage == true, aborted);
                return Results.Empty;
            }

            var text = new StringBuilder(echo);
            await foreach (var delta in generation.Stream.Deltas.ReadAllAsync(aborted))
                text.Append(delta);
            var result = await generation.Stream.Result;
            if (GenerationOutcome.Failure(result) is { } failure)
                throw failure;
            var offset = echo?.Length ?? 0;
            var logprobs = request.LogProbs is { } top ? OpenAiLogprobs.Completion(result.LogProbs, ref offset, top) : null;
            return Results.Json(new Completion(id, created, generator.ModelName,
                [new CompletionChoice(text.ToString(), 0, GenerationOutcome.FinishReasonText(result.FinishReason), logprobs)],
                new CompletionUsage(result.PromptTokens, result.CompletionTokens)));
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

    static async Task StreamAsync(HttpResponse response, ApiGeneration generation, string? echo, int? top, string id, long created, string model, bool includeUsage, CancellationToken aborted)
    {
        ServerSentEvents.Begin(response);
        var offset = echo?.Length ?? 0;
        // Each chunk carries the log-probabilities of the tokens that arrived with (or before) its text.
        CompletionLogprobs? Arrived() => top is { } n ? OpenAiLogprobs.Completion(OpenAiLogprobs.Drain(generation.Stream.LogProbs), ref offset, n) : null;
        if (!string.IsNullOrEmpty(echo))
            await WriteAsync(response, new Completion(id, created, model, [new CompletionChoice(echo, 0, null)], null), aborted);
        await foreach (var delta in generation.Stream.Deltas.ReadAllAsync(aborted))
            await WriteAsync(response, new Completion(id, created, model, [new CompletionChoice(delta, 0, null, Arrived())], null), aborted);
        var result = await generation.Stream.Result;
        if (GenerationOutcome.Failure(result) is { } failure)
        {
            // The status line has gone out; OpenAI reports a failure mid-stream as an error event.
            await ServerSentEvents.WriteAsync(response, JsonSerializer.Serialize(new ApiError(new ApiErrorDetail(failure.Message, failure.Type, null, failure.Code))), cancellationToken: aborted);
            return;
        }
        await WriteAsync(response, new Completion(id, created, model, [new CompletionChoice("", 0, GenerationOutcome.FinishReasonText(result.FinishReason), Arrived())], null), aborted);
        if (includeUsage)
            await WriteAsync(response, new Completion(id, created, model, [], new CompletionUsage(result.PromptTokens, result.CompletionTokens)), aborted);
        await ServerSentEvents.WriteAsync(response, "[DONE]", cancellationToken: aborted);
    }

    static Task WriteAsync(HttpResponse response, Completion chunk, CancellationToken aborted) =>
        ServerSentEvents.WriteAsync(response, JsonSerializer.Serialize(chunk), cancellationToken: aborted);

    static readonly long StartedAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}
