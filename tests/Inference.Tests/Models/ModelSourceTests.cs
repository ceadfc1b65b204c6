using System.Text;
using AdventureServer.Inference.Models;

namespace AdventureServer.Inference.Tests.Models;

public class ModelSourceTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("model-source-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task A_hub_spec_downloads_the_model_and_resolves_to_its_folder()
    {
        using var hub = new FakeHub();
        hub.Add("gpt2", HubModelDownloader.ConfigFile, Encoding.UTF8.GetBytes("{}"));
        hub.Add("gpt2", HubModelDownloader.WeightsFile, FakeHub.RandomBytes(1000, seed: 4));
        using var downloader = new HubModelDownloader(new HubDownloadOptions { BaseUrl = hub.BaseUrl, CacheFolder = _folder });

        var folder = await ModelSource.ResolveAsync("hf:gpt2", downloader);

        Assert.That(folder, Is.EqualTo(Path.Combine(_folder, "gpt2")));
        Assert.That(File.Exists(Path.Combine(folder, HubModelDownloader.WeightsFile)), Is.True);
    }

    [Test]
    public async Task A_folder_with_a_config_resolves_to_itself()
    {
        File.WriteAllText(Path.Combine(_folder, HubModelDownloader.ConfigFile), "{}");

        var folder = await ModelSource.ResolveAsync(_folder);

        Assert.That(folder, Is.EqualTo(Path.GetFullPath(_folder)));
    }

    [Test]
    public void A_folder_without_a_config_is_refused_with_a_clear_error()
    {
        var error = Assert.ThrowsAsync<ModelSourceException>(() => ModelSource.ResolveAsync(_folder));

        Assert.That(error.Message, Does.Contain("config.json"));
    }

    [Test]
    public void A_folder_that_does_not_exist_is_refused_with_a_clear_error()
    {
        var missing = Path.Combine(_folder, "missing");

        var error = Assert.ThrowsAsync<ModelSourceException>(() => ModelSource.ResolveAsync(missing));

        Assert.That(error.Message, Does.Contain(missing).And.Contain("hf:"));
    }
}
