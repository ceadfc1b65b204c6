namespace AdventureServer.Server.Play;

/// <summary>The game's structured log messages.</summary>
static partial class PlayLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{UserId} deleted adventure {AdventureId}")]
    public static partial void Deleted(ILogger logger, string userId, Guid adventureId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending to the watchers of adventure {AdventureId} failed")]
    public static partial void SendFailed(ILogger logger, Exception e, Guid adventureId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{UserId} started a continuation of adventure {AdventureId} (block {BlockId}, {PromptTokens} prompt tokens)")]
    public static partial void ContinuationStarted(ILogger logger, string userId, Guid adventureId, Guid blockId, int promptTokens);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The engine refused a continuation of adventure {AdventureId}: {Reason}")]
    public static partial void SubmitRefused(ILogger logger, Guid adventureId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Continuation {BlockId} of adventure {AdventureId} ended {State} ({Finish}, {Tokens} tokens)")]
    public static partial void ContinuationEnded(ILogger logger, Guid adventureId, Guid blockId, string state, string finish, int tokens);

    [LoggerMessage(Level = LogLevel.Information, Message = "Adventure {AdventureId} changed concurrently; retrying once")]
    public static partial void ConcurrencyRetry(ILogger logger, Guid adventureId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{UserId} was refused a connection: {Reason}")]
    public static partial void ConnectionRefused(ILogger logger, string userId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{UserId} was rate-limited ({What})")]
    public static partial void RateLimited(ILogger logger, string userId, string what);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Moderator} {Action} {UserId} in adventure {AdventureId}")]
    public static partial void Moderated(ILogger logger, string moderator, string action, string userId, Guid adventureId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} of {UserId} refused: {Reason}: {Refusal}")]
    public static partial void Refused(ILogger logger, string method, string userId, string reason, string refusal);

    [LoggerMessage(Level = LogLevel.Error, Message = "Hub method {Method} failed for {UserId}")]
    public static partial void CallFailed(ILogger logger, Exception e, string method, string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping {Count} running continuations for shutdown")]
    public static partial void StoppingContinuations(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed connection {ConnectionId} could not be detached from its account and adventures")]
    public static partial void DetachFailed(ILogger logger, Exception e, string connectionId);
}
