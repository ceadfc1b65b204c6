namespace AdventureServer.Inference.Serving.Batching;

/// <summary>The part of a sequence's prompt that one step prefills: <see cref="Count"/> tokens from <see cref="Offset"/> on.</summary>
internal sealed record PromptChunk(Sequence Sequence, int Offset, int Count)
{
    /// <summary>The chunk ends the prompt, so the step chooses the sequence's first token.</summary>
    public bool Completes => Offset + Count == Sequence.Prompt.Length;

    /// <summary>The chunk's token ids.</summary>
    public long[] Ids => Sequence.Prompt.Skip(Offset).Take(Count).Select(t => (long)t).ToArray();
}
