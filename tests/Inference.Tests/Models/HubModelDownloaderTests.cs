using System.Text;
using AdventureServer.Inference.Models;

namespace AdventureServer.Inference.Tests.Models;

public class HubModelDownloaderTests
{
    private const string Model = "openai-community/gpt2";
    private const string Weights = HubModelDownloader.WeightsFile;
    private static readonly byte[] Config = Encoding.UTF8.GetBytes("""{"n_layer": 2, "n_embd": 64}""");
    private static readonly byte[] WeightBytes = FakeHub.RandomBytes(1_500_000, seed: 1);

    private FakeHub _hub = null!;
    private string _cache = "";

    [SetUp]
    public void StartHub()
    {
        _hub = new FakeHub();
        _cache = Directory.CreateTempSubdirectory("models-").FullName;
        _hub.Add(Model, HubModelDownloader.ConfigFile, Config);
        _hub.Add(Model, Weights, WeightBytes);
    }

    [TearDown]
    public void StopHub()
    {
        _hub.Dispose();
        Directory.Delete(_cache, recursive: true);
    }

    [Test]
    public async Task Downloads_the_config_and_weights_into_the_cache_and_reports_progress()
    {
        var reports = new List<DownloadProgress>();
        using var downloader = Downloader();

        var folder = await downloader.DownloadAsync(Model, new SyncProgress(reports.Add));

        Assert.That(folder, Is.EqualTo(Path.Combine(_cache, "openai-community--gpt2")));
        Assert.That(File.ReadAllBytes(Path.Combine(folder, HubModelDownloader.ConfigFile)), Is.EqualTo(Config));
        Assert.That(File.ReadAllBytes(Path.Combine(folder, Weights)), Is.EqualTo(WeightBytes));
        Assert.That(File.Exists(Path.Combine(folder, HubModelDownloader.CompleteMarker)), Is.True);
        Assert.That(Directory.GetFiles(folder, "*.partial"), Is.Empty);
        Assert.That(reports.Last(), Is.EqualTo(new DownloadProgress(Weights, WeightBytes.Length, WeightBytes.Length)));
        Assert.That(reports.Where(r => r.File == Weights).Select(r => r.BytesDone), Is.Ordered);
        Assert.That(_hub.AcceptEncodings, Has.None.Contains("gzip"), "a compressed body would break byte ranges");
    }

    [Test]
    public async Task A_dropped_connection_resumes_with_a_range_request_and_ends_with_the_right_bytes()
    {
        _hub.DropOnceAfter(Model, Weights, 600_000);
        using var downloader = Downloader();

        var folder = await downloader.DownloadAsync(Model);

        var weightRequests = WeightRequests();
        Assert.That(weightRequests, Has.Count.EqualTo(2));
        Assert.That(weightRequests[0].Range, Is.Null);
        Assert.That(weightRequests[1].Range, Does.Match(@"^bytes=[1-9]\d*-$"));
        Assert.That(File.ReadAllBytes(Path.Combine(folder, Weights)), Is.EqualTo(WeightBytes));
    }

    [Test]
    public async Task A_download_interrupted_in_an_earlier_run_resumes_from_its_partial_file()
    {
        var folder = Path.Combine(_cache, "openai-community--gpt2");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, Weights + ".partial"), WeightBytes[..1_000_000]);
        using var downloader = Downloader();

        await downloader.DownloadAsync(Model);

        Assert.That(WeightRequests().Single().Range, Is.EqualTo("bytes=1000000-"));
        Assert.That(File.ReadAllBytes(Path.Combine(folder, Weights)), Is.EqualTo(WeightBytes));
    }

    [Test]
    public async Task A_cancelled_download_keeps_its_bytes_and_the_next_run_resumes_them()
    {
        using var cancel = new CancellationTokenSource();
        using (var first = Downloader())
        {
            var stopHalfway = new SyncProgress(p =>
            {
                if (p.File == Weights && p.BytesDone > WeightBytes.Length / 2)
                {
                    cancel.Cancel();
                }
            });
            Assert.CatchAsync<OperationCanceledException>(() => first.DownloadAsync(Model, stopHalfway, cancel.Token));
        }

        var partial = new FileInfo(Path.Combine(_cache, "openai-community--gpt2", Weights + ".partial"));
        Assert.That(partial.Exists, Is.True);
        var kept = partial.Length;
        using var second = Downloader();

        var folder = await second.DownloadAsync(Model);

        Assert.That(kept, Is.GreaterThan(WeightBytes.Length / 2));
        Assert.That(WeightRequests().Last().Range, Is.EqualTo($"bytes={kept}-"));
        Assert.That(File.ReadAllBytes(Path.Combine(folder, Weights)), Is.EqualTo(WeightBytes));
    }

    [Test]
    public async Task A_server_that_ignores_the_range_gets_the_file_written_from_the_start()
    {
        _hub.IgnoreRange = true;
        var folder = Path.Combine(_cache, "openai-community--gpt2");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, Weights + ".partial"), WeightBytes[..1_000_000]);
        using var downloader = Downloader();

        await downloader.DownloadAsync(Model);

        Assert.That(WeightRequests().Single().Range, Is.EqualTo("bytes=1000000-"));
        Assert.That(File.ReadAllBytes(Path.Combine(folder, Weights)), Is.EqualTo(WeightBytes));
    }

    [Test]
    public async Task A_corrupted_download_is_caught_by_the_checksum_and_fetched_again()
    {
        _hub.Corrupt(Model, Weights);
        using var downloader = Downloader();

        var folder = await downloader.DownloadAsync(Model);

        Assert.That(WeightRequests(), Has.Count.EqualTo(2));
        Assert.That(File.ReadAllBytes(Path.Combine(folder, Weights)), Is.EqualTo(WeightBytes));
    }

    [Test]
    public async Task The_checksum_on_the_hubs_redirect_catches_a_corrupted_cdn_download()
    {
        _hub.RedirectLfs = true;
        _hub.Corrupt(Model, Weights);
        using var downloader = Downloader();

        var folder = await downloader.DownloadAsync(Model);

        Assert.That(_hub.Requests.Count(r => r.Path == $"/cdn/{Model}/resolve/main/{Weights}"), Is.EqualTo(2));
        Assert.That(File.ReadAllBytes(Path.Combine(folder, Weights)), Is.EqualTo(WeightBytes));
    }

    [Test]
    public void A_file_that_stays_corrupt_fails_clearly_and_leaves_no_weights_behind()
    {
        _hub.Corrupt(Model, Weights, times: 2);
        using var downloader = Downloader();

        var error = Assert.ThrowsAsync<ModelSourceException>(() => downloader.DownloadAsync(Model));

        Assert.That(error.Message, Does.Contain(Weights).And.Contain("checksum"));
        var folder = downloader.ModelFolder(Model);
        Assert.That(File.Exists(Path.Combine(folder, Weights)), Is.False);
        Assert.That(File.Exists(Path.Combine(folder, Weights + ".partial")), Is.False);
        Assert.That(downloader.IsCached(Model), Is.False);
    }

    [Test]
    public async Task A_checksum_in_the_etag_is_checked_when_there_is_no_linked_etag()
    {
        _hub.EtagOnly = true;
        _hub.Corrupt(Model, Weights);
        using var downloader = Downloader();

        var folder = await downloader.DownloadAsync(Model);

        Assert.That(WeightRequests(), Has.Count.EqualTo(2));
        Assert.That(File.ReadAllBytes(Path.Combine(folder, Weights)), Is.EqualTo(WeightBytes));
    }

    [Test]
    public async Task A_server_error_is_retried()
    {
        _hub.FailOnce(Model, Weights, 503);
        using var downloader = Downloader();

        var folder = await downloader.DownloadAsync(Model);

        Assert.That(WeightRequests(), Has.Count.EqualTo(2));
        Assert.That(File.ReadAllBytes(Path.Combine(folder, Weights)), Is.EqualTo(WeightBytes));
    }

    [Test]
    public void A_client_error_is_not_retried_and_says_what_the_hub_answered()
    {
        _hub.FailOnce(Model, Weights, 403);
        using var downloader = Downloader();

        var error = Assert.ThrowsAsync<ModelSourceException>(() => downloader.DownloadAsync(Model));

        Assert.That(error.Message, Does.Contain("403").And.Contain(Weights));
        Assert.That(WeightRequests(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_partial_file_that_is_already_whole_is_fetched_again_when_the_server_refuses_the_range()
    {
        var folder = Path.Combine(_cache, "openai-community--gpt2");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, Weights + ".partial"), WeightBytes);
        using var downloader = Downloader();

        await downloader.DownloadAsync(Model);

        Assert.That(WeightRequests().Select(r => r.Range), Is.EqualTo(new[] { $"bytes={WeightBytes.Length}-", null }));
        Assert.That(File.ReadAllBytes(Path.Combine(folder, Weights)), Is.EqualTo(WeightBytes));
    }

    [Test]
    public async Task Files_finished_in_an_earlier_run_are_not_fetched_again()
    {
        var folder = Path.Combine(_cache, "openai-community--gpt2");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, HubModelDownloader.ConfigFile), Config);
        using var downloader = Downloader();

        await downloader.DownloadAsync(Model);

        Assert.That(_hub.Requests.Select(r => r.Path), Is.EqualTo(new[] { $"/{Model}/resolve/main/{Weights}" }));
        Assert.That(downloader.IsCached(Model), Is.True);
    }

    [Test]
    public async Task A_sharded_model_downloads_the_index_and_every_shard_it_lists()
    {
        const string sharded = "someone/big-model";
        var first = FakeHub.RandomBytes(300_000, seed: 2);
        var second = FakeHub.RandomBytes(200_000, seed: 3);
        var index = """
            {"metadata": {"total_size": 500000}, "weight_map": {
              "wte.weight": "model-00001-of-00002.safetensors",
              "h.0.attn.c_attn.weight": "model-00001-of-00002.safetensors",
              "ln_f.weight": "model-00002-of-00002.safetensors"}}
            """;
        _hub.Add(sharded, HubModelDownloader.ConfigFile, Config);
        _hub.Add(sharded, HubModelDownloader.WeightsIndexFile, Encoding.UTF8.GetBytes(index));
        _hub.Add(sharded, "model-00001-of-00002.safetensors", first);
        _hub.Add(sharded, "model-00002-of-00002.safetensors", second);
        using var downloader = Downloader();

        var folder = await downloader.DownloadAsync(sharded);

        Assert.That(File.ReadAllBytes(Path.Combine(folder, "model-00001-of-00002.safetensors")), Is.EqualTo(first));
        Assert.That(File.ReadAllBytes(Path.Combine(folder, "model-00002-of-00002.safetensors")), Is.EqualTo(second));
        Assert.That(File.Exists(Path.Combine(folder, HubModelDownloader.WeightsIndexFile)), Is.True);
        Assert.That(_hub.Requests.Count(r => r.Path.EndsWith("model-00001-of-00002.safetensors", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(downloader.IsCached(sharded), Is.True);
    }

    [Test]
    public async Task A_complete_cache_is_reused_without_any_request()
    {
        using (var first = Downloader())
        {
            await first.DownloadAsync(Model);
        }

        _hub.Requests.Clear();
        using var second = Downloader();

        var folder = await second.DownloadAsync(Model);

        Assert.That(_hub.Requests, Is.Empty);
        Assert.That(File.ReadAllBytes(Path.Combine(folder, Weights)), Is.EqualTo(WeightBytes));
    }

    [Test]
    public void A_model_the_hub_does_not_have_fails_with_a_clear_error()
    {
        using var downloader = Downloader();

        var error = Assert.ThrowsAsync<ModelSourceException>(() => downloader.DownloadAsync("nobody/nothing"));

        Assert.That(error.Message, Does.Contain("nobody/nothing"));
    }

    [Test]
    public void A_model_without_safetensors_weights_fails_with_a_clear_error()
    {
        _hub.Add("old/pytorch-only", HubModelDownloader.ConfigFile, Config);
        using var downloader = Downloader();

        var error = Assert.ThrowsAsync<ModelSourceException>(() => downloader.DownloadAsync("old/pytorch-only"));

        Assert.That(error.Message, Does.Contain("safetensors"));
        Assert.That(downloader.IsCached("old/pytorch-only"), Is.False);
    }

    [Test]
    public async Task A_second_download_of_the_same_model_waits_for_the_first_and_fetches_nothing()
    {
        var folder = Path.Combine(_cache, "openai-community--gpt2");
        Directory.CreateDirectory(folder);
        Task<string> waiting;
        using var second = Downloader();
        await using (new FileStream(Path.Combine(folder, HubModelDownloader.LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            waiting = second.DownloadAsync(Model);
            await Task.Delay(500);
            Assert.That(waiting.IsCompleted, Is.False);
            Assert.That(_hub.Requests, Is.Empty);

            // Stand in for the other process finishing the download while it holds the lock.
            File.WriteAllBytes(Path.Combine(folder, HubModelDownloader.ConfigFile), Config);
            File.WriteAllBytes(Path.Combine(folder, Weights), WeightBytes);
            File.WriteAllLines(Path.Combine(folder, HubModelDownloader.CompleteMarker), [HubModelDownloader.ConfigFile, Weights]);
        }

        Assert.That(await waiting, Is.EqualTo(folder));
        Assert.That(_hub.Requests, Is.Empty);
    }

    [TestCase("../etc")]
    [TestCase("a/b/c")]
    [TestCase("/abs")]
    [TestCase("")]
    public void A_name_that_is_not_a_hub_model_name_is_refused(string name)
    {
        using var downloader = Downloader();

        Assert.ThrowsAsync<ModelSourceException>(() => downloader.DownloadAsync(name));
        Assert.That(_hub.Requests, Is.Empty);
    }

    private HubModelDownloader Downloader() =>
        new(new HubDownloadOptions { BaseUrl = _hub.BaseUrl, CacheFolder = _cache, RetryDelay = TimeSpan.Zero });

    private List<(string Path, string? Range)> WeightRequests() =>
        _hub.Requests.Where(r => r.Path == $"/{Model}/resolve/main/{Weights}").ToList();

    /// <summary>Reports on the caller's thread (<see cref="Progress{T}"/> would post them later, out of order).</summary>
    private sealed class SyncProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
