namespace AdventureServer.Inference.Serving;

/// <summary>The KV-cache pool's rows (sequences held at once) and why that many.</summary>
public sealed record PoolSize(int Rows, string Reason);
