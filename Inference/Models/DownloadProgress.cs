namespace AdventureServer.Inference.Models;

/// <summary>How far the download of one file has come.</summary>
/// <param name="File">The file's name in the repository, e.g. <c>model.safetensors</c>.</param>
/// <param name="BytesDone">Bytes on disk so far, including those from an earlier, interrupted run.</param>
/// <param name="TotalBytes">The file's size, when the server said.</param>
public readonly record struct DownloadProgress(string File, long BytesDone, long? TotalBytes);
