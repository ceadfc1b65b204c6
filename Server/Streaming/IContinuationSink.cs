using AdventureServer.Inference.Serving;

namespace AdventureServer.Server.Streaming;

/// <summary>Where a streaming continuation's text is stored: at intervals while it streams, and once at the end.</summary>
public interface IContinuationSink
{
    /// <summary>Saves the text so far (the whole text, not a delta).</summary>
    Task SaveProgressAsync(Guid adventureId, Guid blockId, string text);

    /// <summary>Saves the final text and state and unlocks the story; returns what the players are shown.</summary>
    Task<ContinuationEndState> CompleteAsync(Guid adventureId, Guid blockId, string text, GenerationResult result);
}
