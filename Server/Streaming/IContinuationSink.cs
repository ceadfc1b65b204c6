using AdventureServer.Inference.Serving;
using AdventureServer.Server.Persistence;

namespace AdventureServer.Server.Streaming;

/// <summary>Where a streaming continuation's text is stored: at intervals while it streams, and once at the end.</summary>
public interface IContinuationSink
{
    /// <summary>Saves the text so far of several streaming continuations at once (each the whole text, not a delta).</summary>
    Task SaveProgressAsync(IReadOnlyCollection<ContinuationText> texts);

    /// <summary>Saves the final text and state and unlocks the story; returns what the players are shown.</summary>
    /// <param name="adventureId">The adventure.</param>
    /// <param name="blockId">The continuation.</param>
    /// <param name="text">Everything streamed (not yet cleaned).</param>
    /// <param name="stopSequences">The adventure's stop sequences the generation ran with (cut from the end of the text).</param>
    /// <param name="result">How the generation ended.</param>
    /// <param name="shuttingDown">
    /// The server is stopping: a cancelled continuation was cut off by the shutdown, not by a player, and is
    /// stored as interrupted so that it can be retried.
    /// </param>
    Task<ContinuationEndState> CompleteAsync(Guid adventureId, Guid blockId, string text, IReadOnlyList<string> stopSequences, GenerationResult result, bool shuttingDown);
}
