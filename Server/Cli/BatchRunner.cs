using System.Diagnostics;
using System.Text;
using AdventureServer.Inference.Serving;
using AdventureServer.Server.Api;
using AdventureServer.Server.Api.Serving;

namespace AdventureServer.Server.Cli;

/// <summary>
/// Runs batch requests through one worker, keeping up to <c>inFlight</c> of them in it at once (the worker batches
/// whatever it holds), and hands each answer, as soon as it ends, to a single writer.
/// </summary>
internal static class BatchRunner
{
    /// <summary>What a run generated: new tokens, and seconds from the first submission to the last answer.</summary>
    public sealed record Figures(int Requests, long CompletionTokens, long PromptTokens, double Seconds)
    {
        public double TokensPerSecond => CompletionTokens / Math.Max(Seconds, 1e-9);
    }

    public static async Task<Figures> RunAsync(ITextGenerator worker, IReadOnlyList<BatchRequest> requests, int inFlight,
        Func<BatchOutputLine, int, Task> write, CancellationToken cancellationToken)
    {
        using var room = new SemaphoreSlim(inFlight);
        using var writing = new SemaphoreSlim(1);
        long completion = 0, prompt = 0;
        var clock = Stopwatch.StartNew();
        var running = new List<Task>(requests.Count);
        foreach (var request in requests)
        {
            await room.WaitAsync(cancellationToken);
            running.Add(Task.Run(async () =>
            {
                try
                {
                    var (line, result) = await AnswerAsync(worker, request, cancellationToken);
                    Interlocked.Add(ref completion, result?.CompletionTokens ?? 0);
                    Interlocked.Add(ref prompt, result?.PromptTokens ?? 0);
                    await writing.WaitAsync(cancellationToken);
                    try
                    {
                        await write(line, result?.CompletionTokens ?? 0);
                    }
                    finally
                    {
                        writing.Release();
                    }
                }
                finally
                {
                    room.Release();
                }
            }, cancellationToken));
        }
        await Task.WhenAll(running);
        return new Figures(requests.Count, completion, prompt, clock.Elapsed.TotalSeconds);
    }

    static async Task<(BatchOutputLine Line, GenerationResult? Result)> AnswerAsync(ITextGenerator worker, BatchRequest request, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N");
        try
        {
            var (prompt, _) = ApiGenerator.PreparePrompt(request.Request, worker.ContextWindow);
            var stream = worker.Submit(new GenerationRequest
            {
                PromptTokens = prompt,
                MaxNewTokens = request.Request.MaxNewTokens,
                Sampling = request.Request.Sampling,
                StopSequences = request.Request.StopSequences,
                // No key: batch lines are independent, so none keeps its rows as a prefix for a next turn.
                Key = "",
                LogProbs = request.Request.LogProbs is { } top ? Math.Max(1, top) : 0,
            }, cancellationToken);
            var text = new StringBuilder();
            await foreach (var delta in stream.Deltas.ReadAllAsync(cancellationToken))
                text.Append(delta);
            var result = await stream.Result;
            if (GenerationOutcome.Failure(result) is { } failure)
                return (Error(id, request.CustomId, failure), result);
            var body = request.Body(id, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), worker.ModelName, prompt, text.ToString(), result);
            return (new BatchOutputLine("batch_req_" + id, request.CustomId, new BatchResponse(200, id, body)), result);
        }
        catch (ApiProblem problem)
        {
            return (Error(id, request.CustomId, problem), null);
        }
    }

    public static BatchOutputLine Error(string id, string customId, ApiProblem problem) =>
        new("batch_req_" + id, customId, new BatchResponse(problem.StatusCode, id,
            new ApiError(new ApiErrorDetail(problem.Message, problem.Type, problem.Param, problem.Code))));
}
