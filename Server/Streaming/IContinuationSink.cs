using AdventureServer.Inference.Serving;

namespace AdventureServer.Server.Streaming;

/// <summary>Where a streaming continuation's text is stored: at intervals while it streams, and once at the end.</summary>
public interface IContinuationSink
{
    /// <summary>Saves the text so far (the whole text, not a delta).</summary>
    Task SaveProgressAsync(Guid adventureId, Guid blockId, string text);

    /// <summary>Saves the final text and state and unlocks the story; returns what the players are shown.</summary>
    /// <param name="adventureId">The adventure.</param>
    /// <param name="blockId">The continuation.</param>
    /// <param name="text">Everything streamed (not yet cleaned).</param>
    /// <param name="result">How the generation ended.</param>
    /// <param name="shuttingDown">
    /// The server is stopping: a cancelled continuation was cut off by the shutdown, not by a player, and is
    /// stored as interrupted so that it can be retried.
    /// </param>
    Task<ContinuationEndState> CompleteAsync(Guid adventureId, Guid blockId, string text, GenerationResult result, bool shuttingDown);
}
