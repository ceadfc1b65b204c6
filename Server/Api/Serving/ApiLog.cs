using AdventureServer.Inference.Serving;

namespace AdventureServer.Server.Api.Serving;

/// <summary>The public API's log messages.</summary>
internal static partial class ApiLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Debug, Message = "API key {KeyId}: generating up to {MaxNewTokens} tokens after {PromptTokens} prompt tokens")]
    public static partial void Started(ILogger logger, int keyId, int promptTokens, int maxNewTokens);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "API key {KeyId}: {FinishReason} after {CompletionTokens} tokens in {TotalMs:F0} ms (queued {QueueMs:F0} ms)")]
    public static partial void Finished(ILogger logger, int keyId, FinishReason finishReason, int completionTokens, double totalMs, double queueMs);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "API key {KeyId}: refused, the worker's queue is full")]
    public static partial void WorkerBusy(ILogger logger, int keyId);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "API key {KeyId}: generation {GenKey} aborted by its caller")]
    public static partial void Aborted(ILogger logger, int keyId, string genKey);
}
