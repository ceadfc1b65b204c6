namespace AdventureServer.Inference.Models;

/// <summary>
/// Where a model comes from: <c>hf:NAME</c> downloads (or reuses) a Hugging Face hub model, anything else
/// is a local folder holding <c>config.json</c> and the safetensors weights.
/// </summary>
public static class ModelSource
{
    /// <summary>The prefix of a hub model spec, as in <c>hf:openai-community/gpt2</c>.</summary>
    public const string HubPrefix = "hf:";

    /// <summary>Whether <paramref name="spec"/> names a hub model rather than a folder.</summary>
    public static bool IsHub(string spec) => spec.StartsWith(HubPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>The local folder of the model <paramref name="spec"/> names, downloading it first if it is a hub model.</summary>
    /// <param name="spec"><c>hf:NAME</c> or a folder path.</param>
    /// <param name="downloader">Used for <c>hf:</c> specs; null makes one with the default hub and cache.</param>
    /// <param name="progress">Download progress, for <c>hf:</c> specs.</param>
    /// <param name="cancellationToken">Stops a download.</param>
    /// <exception cref="ModelSourceException">The folder lacks <c>config.json</c>, or the download failed.</exception>
    public static async Task<string> ResolveAsync(
        string spec,
        HubModelDownloader? downloader = null,
        IProgress<DownloadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        if (IsHub(spec))
        {
            var name = spec[HubPrefix.Length..];
            if (downloader is not null)
            {
                return await downloader.DownloadAsync(name, progress, cancellationToken);
            }

            using var owned = new HubModelDownloader();
            return await owned.DownloadAsync(name, progress, cancellationToken);
        }

        var folder = Path.GetFullPath(ExpandHome(spec));
        if (!Directory.Exists(folder))
        {
            throw new ModelSourceException($"Model folder {folder} does not exist. Give a folder with {HubModelDownloader.ConfigFile}, or {HubPrefix}NAME to download from the Hugging Face hub.");
        }

        return File.Exists(Path.Combine(folder, HubModelDownloader.ConfigFile))
            ? folder
            : throw new ModelSourceException($"Model folder {folder} has no {HubModelDownloader.ConfigFile}.");
    }

    private static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.TrimStart('~').TrimStart('/'))
            : path;
}
