using System.Text.Json;
using System.Text.RegularExpressions;

namespace AdventureServer.Inference.Models;

/// <summary>
/// Downloads a model (<c>config.json</c> and its safetensors weights, whole or sharded) from the Hugging Face
/// hub into a cache folder, once: a model whose download finished is reused without touching the network,
/// and an interrupted one resumes where it stopped.
/// </summary>
public sealed partial class HubModelDownloader : IDisposable
{
    /// <summary>Written into a model's folder when every file is downloaded and checked; lists the files.</summary>
    public const string CompleteMarker = ".complete";

    /// <summary>Held open by the process downloading into a model's folder.</summary>
    public const string LockFile = ".lock";

    /// <summary>The model's hyperparameters; a model folder must have it.</summary>
    public const string ConfigFile = "config.json";

    /// <summary>The weights of a model that fits in one file.</summary>
    public const string WeightsFile = "model.safetensors";

    /// <summary>The index of a sharded model: its <c>weight_map</c> names the shard of each tensor.</summary>
    public const string WeightsIndexFile = "model.safetensors.index.json";

    private static readonly TimeSpan LockPollInterval = TimeSpan.FromMilliseconds(200);

    private readonly HubDownloadOptions _options;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly HubFileDownloader _files;

    /// <param name="options">Hub address, cache folder, retries; defaults when null.</param>
    /// <param name="httpClient">
    /// The client to use (tests, proxies). It should not follow redirects itself: the hub puts an LFS
    /// file's SHA-256 on the redirect, and a client that follows it hides the header. Null: one is made.
    /// </param>
    public HubModelDownloader(HubDownloadOptions? options = null, HttpClient? httpClient = null)
    {
        _options = options ?? new HubDownloadOptions();
        _ownsHttp = httpClient is null;
        // No automatic decompression: a resumed Range counts bytes of what the server sent, and appending
        // decompressed bytes at a compressed offset would corrupt the file.
        _http = httpClient ?? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = System.Net.DecompressionMethods.None });
        _files = new HubFileDownloader(_http, _options);
    }

    /// <summary>The folder a model is cached in: <c>openai-community/gpt2</c> → <c>{cache}/openai-community--gpt2</c>.</summary>
    public string ModelFolder(string modelName)
    {
        ValidateName(modelName);
        return Path.Combine(_options.CacheFolder, modelName.Replace("/", "--", StringComparison.Ordinal));
    }

    /// <summary>Whether the model was downloaded completely, so <see cref="DownloadAsync"/> needs no network.</summary>
    public bool IsCached(string modelName)
    {
        var folder = ModelFolder(modelName);
        var marker = Path.Combine(folder, CompleteMarker);
        return File.Exists(marker) && File.ReadAllLines(marker).All(f => File.Exists(Path.Combine(folder, f)));
    }

    /// <summary>Downloads the model unless it is cached, and returns its folder.</summary>
    /// <param name="modelName">A hub repository: <c>gpt2</c> or <c>openai-community/gpt2</c>.</param>
    /// <param name="progress">Told the bytes done (and total) of the file being downloaded.</param>
    /// <param name="cancellationToken">Stops the download; what was fetched stays for the next try.</param>
    /// <exception cref="ModelSourceException">The hub lacks the model or its weights, or a file kept failing.</exception>
    public async Task<string> DownloadAsync(
        string modelName, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var folder = ModelFolder(modelName);
        if (IsCached(modelName))
        {
            return folder;
        }

        Directory.CreateDirectory(folder);
        await using var downloadLock = await LockAsync(modelName, folder, cancellationToken);
        if (IsCached(modelName))
        {
            return folder; // another process finished it while this one waited for the lock
        }

        if (!await FetchAsync(modelName, ConfigFile, progress, cancellationToken))
        {
            throw new ModelSourceException($"The hub at {_options.BaseUrl} has no model {modelName} (no {ConfigFile} at revision {_options.Revision}).");
        }

        List<string> files = [ConfigFile];
        if (await FetchAsync(modelName, WeightsFile, progress, cancellationToken))
        {
            files.Add(WeightsFile);
        }
        else if (await FetchAsync(modelName, WeightsIndexFile, progress, cancellationToken))
        {
            files.Add(WeightsIndexFile);
            foreach (var shard in ShardNames(Path.Combine(folder, WeightsIndexFile)))
            {
                if (!await FetchAsync(modelName, shard, progress, cancellationToken))
                {
                    throw new ModelSourceException($"{modelName}'s {WeightsIndexFile} names {shard}, but the hub does not have it.");
                }

                files.Add(shard);
            }
        }
        else
        {
            throw new ModelSourceException($"{modelName} has no {WeightsFile} or {WeightsIndexFile}; only safetensors weights are supported.");
        }

        await File.WriteAllLinesAsync(Path.Combine(folder, CompleteMarker), files, cancellationToken);
        return folder;
    }

    /// <summary>The URL of a file of a model on the hub.</summary>
    public Uri FileUrl(string modelName, string file) =>
        new($"{_options.BaseUrl.AbsoluteUri.TrimEnd('/')}/{modelName}/resolve/{Uri.EscapeDataString(_options.Revision)}/{Uri.EscapeDataString(file)}");

    /// <summary>Disposes the HTTP client if this downloader made it.</summary>
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private Task<bool> FetchAsync(string modelName, string file, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken) =>
        _files.DownloadAsync(FileUrl(modelName, file), file, Path.Combine(ModelFolder(modelName), file), progress, cancellationToken);

    /// <summary>
    /// Holds <c>.lock</c> in the model's folder open exclusively, so two servers started at once do not
    /// write the same partial files. .NET takes an OS lock for <see cref="FileShare.None"/>, which a
    /// crashed process releases, so a stale lock cannot block the next run.
    /// </summary>
    private async Task<FileStream> LockAsync(string modelName, string folder, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, LockFile);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < _options.LockTimeout)
            {
                await Task.Delay(LockPollInterval, cancellationToken);
            }
            catch (IOException e)
            {
                throw new ModelSourceException($"Another process has been downloading {modelName} into {folder} for over {_options.LockTimeout}.", e);
            }
        }
    }

    private static List<string> ShardNames(string indexPath)
    {
        using var index = JsonDocument.Parse(File.ReadAllBytes(indexPath));
        if (!index.RootElement.TryGetProperty("weight_map", out var weightMap) || weightMap.ValueKind != JsonValueKind.Object)
        {
            throw new ModelSourceException($"{indexPath} has no weight_map.");
        }

        var shards = weightMap.EnumerateObject().Select(p => p.Value.GetString() ?? "").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        // The index comes from the network: a name like "../x" must not write outside the model's folder.
        var bad = shards.FirstOrDefault(s => !SafeFileName().IsMatch(s));
        return bad is null ? shards : throw new ModelSourceException($"{indexPath} names a shard that is not a plain file name: \"{bad}\".");
    }

    private static void ValidateName(string modelName)
    {
        if (!ModelName().IsMatch(modelName) || modelName.Contains("..", StringComparison.Ordinal))
        {
            throw new ModelSourceException($"\"{modelName}\" is not a hub model name; expected NAME or OWNER/NAME, e.g. gpt2 or openai-community/gpt2.");
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?$")]
    private static partial Regex ModelName();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*\.safetensors$")]
    private static partial Regex SafeFileName();
}
