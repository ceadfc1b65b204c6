using AdventureServer.Game.Story;
using AdventureServer.Game.Text;
using AdventureServer.Inference.Serving;
using AdventureServer.Server.Persistence;
using AdventureServer.Server.Streaming;

namespace AdventureServer.Server.Play;

/// <summary>
/// Stores a streaming continuation through the repository: its text at intervals (only the text of each
/// block's row), then the cleaned text and final state (only that block's row; the adventure is not loaded).
/// </summary>
public sealed class ContinuationSink(AdventureRepository repository, IServiceScopeFactory scopes, ILogger<ContinuationSink> logger) : IContinuationSink
{
    public Task SaveProgressAsync(IReadOnlyCollection<ContinuationText> texts) =>
        repository.SaveWritingTextsAsync(texts);

    public async Task<ContinuationEndState> CompleteAsync(
        Guid adventureId, Guid blockId, string text, IReadOnlyList<string> stopSequences, GenerationResult result, bool shuttingDown)
    {
        ArgumentNullException.ThrowIfNull(result);
        var cleaned = ContinuationCleanup.Clean(text, stopSequences);
        var (state, message) = result.FinishReason switch
        {
            FinishReason.Stop or FinishReason.Length or FinishReason.Eos => (ContinuationState.Done, (string?)null),
            FinishReason.Cancelled when shuttingDown => (ContinuationState.Interrupted, "The server stopped while this was being written; retry it."),
            FinishReason.Cancelled => (ContinuationState.Cancelled, "Stopped."),
            _ => (ContinuationState.Failed, $"The story engine failed ({result.Error ?? "unknown error"}); retry it."),
        };
        try
        {
            await repository.SaveContinuationAsync(adventureId, blockId, cleaned, state);
        }
        catch (ConcurrencyConflictException)
        {
            // The final save must land, or the story stays locked: once more on fresh data.
            PlayLog.ConcurrencyRetry(logger, adventureId);
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AdventureRepository>().SaveContinuationAsync(adventureId, blockId, cleaned, state);
        }

        PlayLog.ContinuationEnded(logger, adventureId, blockId, state.ToString(), result.FinishReason.ToString(), result.CompletionTokens);
        return new ContinuationEndState(cleaned, state.ToString(), message);
    }
}
