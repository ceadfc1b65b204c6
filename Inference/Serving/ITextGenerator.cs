namespace AdventureServer.Inference.Serving;

/// <summary>The engine as its callers see it: submit a request, read a stream.</summary>
public interface ITextGenerator
{
    /// <summary>Queues a request. Throws <see cref="EngineBusyException"/> at once when the queue is full.</summary>
    /// <param name="request">What to generate.</param>
    /// <param name="cancellationToken">Cancelling removes the sequence at the worker's next step.</param>
    GenerationStream Submit(GenerationRequest request, CancellationToken cancellationToken = default);

    /// <summary>Counts tokens as the model sees them (for context budgets).</summary>
    int CountTokens(string text);

    /// <summary>The model's context window in tokens.</summary>
    int ContextWindow { get; }

    /// <summary>The served model's name.</summary>
    string ModelName { get; }
}
