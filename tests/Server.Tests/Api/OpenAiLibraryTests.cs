using System.Diagnostics;
using System.Text.Json;
using AdventureServer.Inference.Text;
using AdventureServer.Server.Api;
using AdventureServer.Server.Api.OpenAi;

namespace AdventureServer.Server.Tests.Api;

/// <summary>
/// The official <c>openai</c> npm library (7.x, as LibreChat and most Node tools use it) against the real server:
/// <c>OpenAiNode/check.mjs</c> makes the calls and prints what the library made of each answer. Node and npm are
/// already needed to build the browser client; the library is installed from the lock file on first use.
/// </summary>
public class OpenAiLibraryTests
{
    static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Api", "OpenAiNode");

    [Test]
    public async Task The_openai_npm_library_lists_retrieves_chats_streams_and_completes()
    {
        await InstallAsync();
        var (server, key) = await ApiTestServer.StartAsync();
        await using var _ = server;
        var model = server.Worker().ModelName;

        var (exitCode, output, error) = await RunAsync("node", ["check.mjs", new Uri(server.Address, "/v1").ToString(), key]);
        Assert.That(exitCode, Is.Zero, error);
        var result = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
        var chat = result.GetProperty("chat");
        var streamed = result.GetProperty("streamed");
        var (prompt, _) = ChatTemplate.Apply(
        [
            new ChatMessage { Role = "system", Content = JsonSerializer.SerializeToElement("You are the narrator of a text adventure.") },
            new ChatMessage { Role = "user", Content = JsonSerializer.SerializeToElement("I open the heavy oak door.") },
        ], new ChatTemplateOptions());

        Assert.That(result.GetProperty("models").EnumerateArray().Select(m => m.GetString()), Is.EqualTo(new[] { model }));
        Assert.That(result.GetProperty("retrieved").GetString(), Is.EqualTo(model));
        Assert.That(result.GetProperty("missingModel").GetProperty("status").GetInt32(), Is.EqualTo(404));
        Assert.That(result.GetProperty("missingModel").GetProperty("name").GetString(), Is.EqualTo("NotFoundError"));
        Assert.That(chat.GetProperty("object").GetString(), Is.EqualTo("chat.completion"));
        Assert.That(chat.GetProperty("role").GetString(), Is.EqualTo("assistant"));
        Assert.That(chat.GetProperty("content").GetString(), Is.Not.Empty);
        Assert.That(chat.GetProperty("usage").GetProperty("prompt_tokens").GetInt32(), Is.EqualTo(Gpt2Tokenizer.Shared.CountTokens(prompt)));
        Assert.That(streamed.GetProperty("content").GetString(), Is.EqualTo(chat.GetProperty("content").GetString()), "same seed, same text");
        Assert.That(streamed.GetProperty("chunks").GetInt32(), Is.GreaterThan(2));
        Assert.That(streamed.GetProperty("finish").GetString(), Is.EqualTo(chat.GetProperty("finish").GetString()));
        Assert.That(streamed.GetProperty("usage").GetRawText(), Is.EqualTo(chat.GetProperty("usage").GetRawText()));
        Assert.That(result.GetProperty("assembled").GetString(), Is.EqualTo(chat.GetProperty("content").GetString()));
        Assert.That(result.GetProperty("completion").GetProperty("text").GetString(), Does.StartWith("You enter the cave."), "echo");
        Assert.That(result.GetProperty("suffix").GetProperty("status").GetInt32(), Is.EqualTo(400));
        Assert.That(result.GetProperty("suffix").GetProperty("param").GetString(), Is.EqualTo("suffix"));
    }

    static async Task InstallAsync()
    {
        if (File.Exists(Path.Combine(Folder, "node_modules", "openai", "package.json")))
            return;
        var (exitCode, output, error) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"]);
        Assert.That(exitCode, Is.Zero, $"npm ci of the openai library failed:\n{output}\n{error}");
    }

    static async Task<(int ExitCode, string Output, string Error)> RunAsync(string program, string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
