using System.CommandLine;
using AdventureServer.Inference.Models;

namespace AdventureServer.Server.Cli;

/// <summary><c>download</c>: fetches a Hugging Face hub model into the cache and prints its folder.</summary>
public static class DownloadCommand
{
    /// <summary>The verb with its argument and options: <c>MODEL</c>, <c>--hub</c>, <c>--cache</c>.</summary>
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "hf:NAME or NAME, e.g. gpt2 or openai-community/gpt2." };
        // A string, not a Uri: System.CommandLine has no parser for Uri.
        var hub = new Option<string>("--hub")
        {
            Description = "The hub's address (default: $HF_ENDPOINT, else https://huggingface.co).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("HF_ENDPOINT") ?? "https://huggingface.co",
        };
        var cache = new Option<DirectoryInfo>("--cache")
        {
            Description = "The model cache folder.",
            DefaultValueFactory = _ => new DirectoryInfo(HubDownloadOptions.DefaultCacheFolder),
        };
        var command = new Command("download", "Download a model from the Hugging Face hub (resumable, checksummed) and print its folder.")
        {
            model, hub, cache,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var name = parse.GetValue(model)!;
            var spec = ModelSource.IsHub(name) ? name : ModelSource.HubPrefix + name;
            if (!Uri.TryCreate(parse.GetValue(hub), UriKind.Absolute, out var hubUrl))
            {
                await Console.Error.WriteLineAsync($"--hub must be an absolute URL, not \"{parse.GetValue(hub)}\".");
                return 1;
            }

            var options = new HubDownloadOptions { BaseUrl = hubUrl, CacheFolder = parse.GetValue(cache)!.FullName };
            using var downloader = new HubModelDownloader(options);
            try
            {
                Console.WriteLine(await ModelSource.ResolveAsync(spec, downloader, ConsoleDownloadProgress.ForStandardError(), cancellationToken));
                return 0;
            }
            catch (ModelSourceException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 1;
            }
        });
        return command;
    }
}
