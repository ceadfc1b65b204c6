namespace AdventureServer.Inference.Serving;

/// <summary>Why a generation ended.</summary>
public enum FinishReason
{
    /// <summary>A stop sequence was written (and withheld).</summary>
    Stop,

    /// <summary>The request's new-token limit (or the model's window) was reached.</summary>
    Length,

    /// <summary>The model wrote end-of-text.</summary>
    Eos,

    /// <summary>The caller cancelled.</summary>
    Cancelled,

    /// <summary>The engine failed; the result carries the error.</summary>
    Error,
}
