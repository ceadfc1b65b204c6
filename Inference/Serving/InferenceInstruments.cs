namespace AdventureServer.Inference.Serving;

/// <summary>The names the worker's metrics are published under (for OpenTelemetry's AddMeter and for listeners).</summary>
public static class InferenceInstruments
{
    public const string MeterName = "AdventureServer.Inference";
    public const string TimeToFirstToken = "adventure.inference.time_to_first_token";
    public const string TimeBetweenTokens = "adventure.inference.time_between_tokens";
    public const string QueueTime = "adventure.inference.queue_time";
    public const string TokensGenerated = "adventure.inference.tokens_generated";
    public const string Errors = "adventure.inference.errors";
    public const string BatchSize = "adventure.inference.batch_size";
    public const string QueueLength = "adventure.inference.queue_length";
    public const string KvCacheUse = "adventure.inference.kv_cache_use";
    public const string PromptTokensPrefilled = "adventure.inference.prompt_tokens_prefilled";
    public const string PromptTokensReused = "adventure.inference.prompt_tokens_reused";
}
