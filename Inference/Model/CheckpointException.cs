namespace AdventureServer.Inference.Model;

/// <summary>A checkpoint that cannot be loaded; the message names the file (and the tensor, where one is at fault).</summary>
public sealed class CheckpointException : Exception
{
    public CheckpointException(string path, string problem, Exception? inner = null)
        : base($"{path} {problem}", inner)
    {
        FilePath = path;
    }

    public CheckpointException(string path, string tensor, string problem, Exception? inner = null)
        : base($"{path}: tensor '{tensor}' {problem}", inner)
    {
        FilePath = path;
        TensorName = tensor;
    }

    public CheckpointException() : base("The checkpoint cannot be loaded.")
    {
        FilePath = "";
    }

    public CheckpointException(string message) : base(message)
    {
        FilePath = "";
    }

    public CheckpointException(string message, Exception inner) : base(message, inner)
    {
        FilePath = "";
    }

    /// <summary>The file at fault.</summary>
    public string FilePath { get; }

    /// <summary>The tensor at fault, when one is.</summary>
    public string? TensorName { get; }
}
