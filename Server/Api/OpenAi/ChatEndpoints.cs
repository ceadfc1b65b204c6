using System.Text;
using System.Text.Json;
using AdventureServer.Server.Api.Keys;
using AdventureServer.Server.Api.Serving;
using Microsoft.Extensions.Options;

namespace AdventureServer.Server.Api.OpenAi;

/// <summary><c>POST /v1/chat/completions</c>, plain and streamed, over the plain chat template.</summary>
public static class ChatEndpoints
{
    public static RouteGroupBuilder MapChatCompletions(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapPost("/chat/completions", ChatAsync)
            .WithName("CreateChatCompletion")
            .WithSummary("Answers a chat, written as role-prefixed lines (Api:Chat); with \"stream\": true, as server-sent events ending in [DONE].")
            .Accepts<ChatCompletionRequest>("application/json")
            .Produces<ChatCompletion>(StatusCodes.Status200OK, "application/json", "text/event-stream")
            .ProducesApiErrors();
        return group;
    }

    static async Task<IResult> ChatAsync(HttpContext context, ApiGenerator generator, IOptions<ApiOptions> options)
    {
        var aborted = context.RequestAborted;
        try
        {
            var caller = await ApiKeyAuthentication.RequireCallerAsync(context);
            var body = await ApiJson.ReadAsync<ChatCompletionRequest>(context);
            var request = ChatCompletionRequestParser.Parse(body, options.Value, generator.ContextWindow);
            var generation = await generator.StartAsync(caller, request, aborted);
            var id = "chatcmpl-" + Guid.NewGuid().ToString("N");
            var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            if (body.Stream == true)
            {
                await StreamAsync(context.Response, generation, new ChunkHeader(id, created, generator.ModelName), request.LogProbs, body.StreamOptions?.IncludeUsage == true, aborted);
                return Results.Empty;
            }

            var text = new StringBuilder();
            var trimmer = new LeadingSpaceTrimmer();
            await foreach (var delta in generation.Stream.Deltas.ReadAllAsync(aborted))
                text.Append(trimmer.Push(delta));
            var result = await generation.Stream.Result;
            if (GenerationOutcome.Failure(result) is { } failure)
                throw failure;
            return Results.Json(new ChatCompletion(id, created, generator.ModelName,
                [new ChatChoice(0, new ChatReply("assistant", text.ToString()), GenerationOutcome.FinishReasonText(result.FinishReason),
                    request.LogProbs is { } top ? OpenAiLogprobs.Chat(result.LogProbs, top) : null)],
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

    sealed record ChunkHeader(string Id, long Created, string Model);

    static async Task StreamAsync(HttpResponse response, ApiGeneration generation, ChunkHeader header, int? top, bool includeUsage, CancellationToken aborted)
    {
        ServerSentEvents.Begin(response);
        // Each chunk carries the log-probabilities of the tokens that arrived with (or before) its text.
        ChatLogprobs? Arrived() => top is { } n ? OpenAiLogprobs.Chat(OpenAiLogprobs.Drain(generation.Stream.LogProbs), n) : null;
        // OpenAI's first chunk names the role with empty content; the openai library builds the message from it.
        await WriteAsync(response, header, new ChatChunkChoice(0, new ChatReply("assistant", ""), null), null, aborted);
        var trimmer = new LeadingSpaceTrimmer();
        await foreach (var delta in generation.Stream.Deltas.ReadAllAsync(aborted))
        {
            var text = trimmer.Push(delta);
            if (text.Length > 0)
                await WriteAsync(response, header, new ChatChunkChoice(0, new ChatReply(null, text), null, Arrived()), null, aborted);
        }
        var result = await generation.Stream.Result;
        if (GenerationOutcome.Failure(result) is { } failure)
        {
            await ServerSentEvents.WriteAsync(response, JsonSerializer.Serialize(new ApiError(new ApiErrorDetail(failure.Message, failure.Type, null, failure.Code))), cancellationToken: aborted);
            return;
        }
        await WriteAsync(response, header, new ChatChunkChoice(0, new ChatReply(null, null), GenerationOutcome.FinishReasonText(result.FinishReason), Arrived()), null, aborted);
        if (includeUsage)
            await WriteAsync(response, header, null, new CompletionUsage(result.PromptTokens, result.CompletionTokens), aborted);
        await ServerSentEvents.WriteAsync(response, "[DONE]", cancellationToken: aborted);
    }

    static Task WriteAsync(HttpResponse response, ChunkHeader header, ChatChunkChoice? choice, CompletionUsage? usage, CancellationToken aborted) =>
        ServerSentEvents.WriteAsync(response,
            JsonSerializer.Serialize(new ChatChunk(header.Id, header.Created, header.Model, choice is null ? [] : [choice], usage)), cancellationToken: aborted);
}
