namespace AdventureServer.Server.Persistence.Export;

/// <summary>A file that cannot be imported; <see cref="Path"/> names the field that is wrong (<c>$.blocks[3].shown</c>).</summary>
public sealed class AdventureFileException : Exception
{
    public AdventureFileException(string path, string problem)
        : base($"{path}: {problem}")
    {
        Path = path;
        Problem = problem;
    }

    public AdventureFileException()
        : this("$", "The file cannot be imported.")
    {
    }

    public AdventureFileException(string message, Exception innerException)
        : base(message, innerException)
    {
        Path = "$";
        Problem = message;
    }

    /// <summary>The JSON path of the field that is wrong; <c>$</c> for the whole file.</summary>
    public string Path { get; } = "$";

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; } = string.Empty;
}
