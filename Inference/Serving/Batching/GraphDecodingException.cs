namespace AdventureServer.Inference.Serving.Batching;

/// <summary>A decode step could not be captured or replayed as a CUDA graph.</summary>
internal sealed class GraphDecodingException(string message, Exception inner) : Exception(message, inner);
