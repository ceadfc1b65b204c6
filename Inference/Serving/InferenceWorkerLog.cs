using Microsoft.Extensions.Logging;

namespace AdventureServer.Inference.Serving;

/// <summary>The worker's log messages.</summary>
internal static partial class InferenceWorkerLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information,
        Message = "Inference worker started: model {Model}, {Slots} slots of {Context} positions on {Device} ({PoolReason})")]
    public static partial void Started(ILogger logger, string model, int slots, int context, string device, string poolReason);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Information, Message = "Model {Model} loaded on {Device} in {DType} ({Reason})")]
    public static partial void Loaded(ILogger logger, string model, string device, string dtype, string reason);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Information, Message = "Ran {Shapes} step shapes once before serving, in {Milliseconds:F0} ms")]
    public static partial void WarmedUp(ILogger logger, int shapes, double milliseconds);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "An inference step failed; the requests in it were failed")]
    public static partial void StepFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Critical, Message = "The inference worker stopped on an error")]
    public static partial void WorkerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "A decode step with a prompt chunk failed; running the two apart to find the request at fault")]
    public static partial void FusedStepFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Capturing a decode step as a CUDA graph failed; decoding eagerly from now on")]
    public static partial void GraphsFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "Decode steps run eagerly, without CUDA graphs: {Reason}")]
    public static partial void NoGraphs(ILogger logger, string reason);
}
