using System.Text;
using System.Text.Json;
using AdventureServer.Server.Api.Keys;
using AdventureServer.Server.Api.Serving;
using Microsoft.Extensions.Options;

namespace AdventureServer.Server.Api.OpenAi;

/// <summary>The OpenAI dialect: <c>POST /v1/completions</c> (plain and streamed) and <c>GET /v1/models</c>.</summary>
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

    static async Task<IResult> CompleteAsync(HttpContext context, ApiGenerator generator, IOptions<ApiOptions> options)
    {
        var aborted = context.RequestAborted;
        try
        {
            var caller = await ApiKeyAuthentication.RequireCallerAsync(context);
            var body = await ApiJson.ReadAsync<CompletionRequest>(context);
            var request = CompletionRequestParser.Parse(body, options.Value);
            // The client's disconnect cancels the generation: the worker frees its slot at the next step.
            var generation = await generator.StartAsync(caller, request, aborted);
            var id = "cmpl-" + Guid.NewGuid().ToString("N");
            var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            if (body.Stream == true)
            {
                await StreamAsync(context.Response, generation, id, created, generator.ModelName, body.StreamOptions?.IncludeUsage == true, aborted);
                return Results.Empty;
            }

            var text = new StringBuilder();
            await foreach (var delta in generation.Stream.Deltas.ReadAllAsync(aborted))
                text.Append(delta);
            var result = await generation.Stream.Result;
            if (GenerationOutcome.Failure(result) is { } failure)
                throw failure;
            return Results.Json(new Completion(id, created, generator.ModelName,
                [new CompletionChoice(text.ToString(), 0, GenerationOutcome.FinishReasonText(result.FinishReason))],
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

    static async Task StreamAsync(HttpResponse response, ApiGeneration generation, string id, long created, string model, bool includeUsage, CancellationToken aborted)
    {
        ServerSentEvents.Begin(response);
        await foreach (var delta in generation.Stream.Deltas.ReadAllAsync(aborted))
            await WriteAsync(response, new Completion(id, created, model, [new CompletionChoice(delta, 0, null)], null), aborted);
        var result = await generation.Stream.Result;
        if (GenerationOutcome.Failure(result) is { } failure)
        {
            // The status line has gone out; OpenAI reports a failure mid-stream as an error event.
            await ServerSentEvents.WriteAsync(response, JsonSerializer.Serialize(new ApiError(new ApiErrorDetail(failure.Message, failure.Type, null, failure.Code))), cancellationToken: aborted);
            return;
        }
        await WriteAsync(response, new Completion(id, created, model, [new CompletionChoice("", 0, GenerationOutcome.FinishReasonText(result.FinishReason))], null), aborted);
        if (includeUsage)
            await WriteAsync(response, new Completion(id, created, model, [], new CompletionUsage(result.PromptTokens, result.CompletionTokens)), aborted);
        await ServerSentEvents.WriteAsync(response, "[DONE]", cancellationToken: aborted);
    }

    static Task WriteAsync(HttpResponse response, Completion chunk, CancellationToken aborted) =>
        ServerSentEvents.WriteAsync(response, JsonSerializer.Serialize(chunk), cancellationToken: aborted);

    static readonly long StartedAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}
