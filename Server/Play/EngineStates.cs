using AdventureServer.Inference.Serving;
using AdventureServer.Server.Hubs.Contracts;
using AdventureServer.Server.Streaming;

namespace AdventureServer.Server.Play;

/// <summary>Reads the engine's snapshot into the dashboard's record.</summary>
public static class EngineStates
{
    /// <summary>The state of <paramref name="generator"/> (the model host and the batching worker have a snapshot; another engine reports zeros).</summary>
    public static EngineStateView Of(ITextGenerator generator, StoryStreamer streamer)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(streamer);
        var s = generator switch
        {
            ModelHost host => host.State,
            InferenceWorker worker => worker.State,
            _ => new EngineState(0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
        };
        return new EngineStateView(generator.ModelName, s.QueueLength, s.BatchSize, s.PrefillingSequences, s.TokensPerSecond,
            s.TimeToFirstTokenP50Ms, s.CacheUse, s.PromptTokensPrefilled, s.PromptTokensReused, s.Steps, streamer.All.Count);
    }
}
