using System.Text.Json;
using AdventureServer.Inference.Serving;
using AdventureServer.Inference.Text;
using AdventureServer.Server.Api;
using AdventureServer.Server.Api.OpenAi;
using AdventureServer.Server.Api.Serving;

namespace AdventureServer.Server.Cli;

/// <summary>
/// One batch line, checked by the same parsers as <c>/v1/completions</c> and <c>/v1/chat/completions</c>, and the
/// body its answer would have had over HTTP.
/// </summary>
internal sealed class BatchRequest
{
    BatchRequest(string customId, bool chat, bool echo, ApiGenerationRequest request)
    {
        CustomId = customId;
        _chat = chat;
        _echo = echo;
        Request = request;
    }

    readonly bool _chat;
    readonly bool _echo;

    public string CustomId { get; }

    public ApiGenerationRequest Request { get; }

    /// <summary>The line as a request, or the 400 its body would get.</summary>
    public static (BatchRequest? Request, ApiProblem? Problem) From(BatchInputLine line, ApiOptions options, int contextWindow)
    {
        ArgumentNullException.ThrowIfNull(line);
        try
        {
            if (line.Method is not null && !string.Equals(line.Method, "POST", StringComparison.OrdinalIgnoreCase))
                throw ApiProblem.BadParameter("method", $"'method' is {line.Method}; batch requests are POST.");
            if (line.Body is not { ValueKind: JsonValueKind.Object } body)
                throw ApiProblem.BadParameter("body", "'body' is missing; it holds the request, as it would be posted.");
            var utf8 = JsonSerializer.SerializeToUtf8Bytes(body);
            switch (line.Url)
            {
                case "/v1/completions" or null:
                    var completion = ApiJson.Parse<CompletionRequest>(utf8);
                    RefuseStream(completion.Stream);
                    return (new BatchRequest(line.CustomId!, false, completion.Echo == true, CompletionRequestParser.Parse(completion, options, contextWindow)), null);
                case "/v1/chat/completions":
                    var chat = ApiJson.Parse<ChatCompletionRequest>(utf8);
                    RefuseStream(chat.Stream);
                    return (new BatchRequest(line.CustomId!, true, false, ChatCompletionRequestParser.Parse(chat, options, contextWindow)), null);
                default:
                    throw ApiProblem.BadParameter("url", $"'url' is {line.Url}; this server batches /v1/completions and /v1/chat/completions.");
            }
        }
        catch (ApiProblem problem)
        {
            return (null, problem);
        }
    }

    static void RefuseStream(bool? stream)
    {
        if (stream == true)
            throw ApiProblem.BadParameter("stream", "A batch request is answered whole; leave 'stream' out.");
    }

    /// <summary>The answer's body, as the HTTP endpoint writes it.</summary>
    public object Body(string id, long created, string model, IReadOnlyList<int> prompt, string text, GenerationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var usage = new CompletionUsage(result.PromptTokens, result.CompletionTokens);
        var finish = GenerationOutcome.FinishReasonText(result.FinishReason);
        if (_chat)
            return new ChatCompletion("chatcmpl-" + id, created, model, [new ChatChoice(0, new ChatReply("assistant", text.TrimStart()), finish,
                Request.LogProbs is { } n ? OpenAiLogprobs.Chat(result.LogProbs, n) : null)], usage);
        var echo = _echo ? Gpt2Tokenizer.Shared.Decode(prompt) : "";
        var offset = echo.Length;
        var logprobs = Request.LogProbs is { } top ? OpenAiLogprobs.Completion(result.LogProbs, ref offset, top) : null;
        return new Completion("cmpl-" + id, created, model, [new CompletionChoice(echo + text, 0, finish, logprobs)], usage);
    }
}
