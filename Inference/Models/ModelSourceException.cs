namespace AdventureServer.Inference.Models;

/// <summary>A model could not be found or downloaded; the message says which file or folder and why.</summary>
public sealed class ModelSourceException : Exception
{
    public ModelSourceException()
    {
    }

    public ModelSourceException(string message)
        : base(message)
    {
    }

    public ModelSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
