namespace AdventureServer.Inference.Models;

/// <summary>Where <see cref="HubModelDownloader"/> downloads from and caches to.</summary>
public sealed class HubDownloadOptions
{
    /// <summary>The Hugging Face hub, or anything serving <c>{base}/{name}/resolve/{revision}/{file}</c> like it.</summary>
    public Uri BaseUrl { get; init; } = new("https://huggingface.co");

    /// <summary>The git revision (branch, tag or commit) to download.</summary>
    public string Revision { get; init; } = "main";

    /// <summary>One subfolder per model is made here; the default is <c>~/.cache/adventureserver/models</c>.</summary>
    public string CacheFolder { get; init; } = DefaultCacheFolder;

    /// <summary>Tries per file when the connection fails; each try resumes where the last one stopped.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Pause between tries after a failed connection.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long to wait for another process that is downloading the same model.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary><c>~/.cache/adventureserver/models</c>.</summary>
    public static string DefaultCacheFolder =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "adventureserver", "models");
}
