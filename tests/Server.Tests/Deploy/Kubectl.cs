using System.Diagnostics;
using System.Text.Json;

namespace AdventureServer.Server.Tests.Deploy;

/// <summary>
/// Runs Debian's <c>kubectl</c> on manifests without a cluster. <c>kubectl apply --dry-run=client</c> (and
/// <c>create</c>) still ask a server for its API groups before they print anything, with or without
/// <c>--validate=false</c>, so the check is <c>kubectl label --local --dry-run=client</c>: kubectl's own decoder
/// reads every document and prints each object back, and nothing is sent anywhere. The kubeconfig given to it names
/// a closed port on 127.0.0.1, so a kubectl that did try a server would fail here rather than reach one.
/// </summary>
public static class Kubectl
{
    public const string Path = "/usr/bin/kubectl";

    static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>The objects in the manifests of <paramref name="folder"/>, as kubectl decoded them; throws if kubectl refused any.</summary>
    public static async Task<IReadOnlyList<JsonElement>> DecodeAsync(string folder)
    {
        var home = Directory.CreateTempSubdirectory("kubectl-");
        try
        {
            var config = System.IO.Path.Combine(home.FullName, "config");
            await File.WriteAllTextAsync(config, """
                apiVersion: v1
                kind: Config
                clusters: [{name: none, cluster: {server: "https://127.0.0.1:1"}}]
                users: [{name: none, user: {token: none}}]
                contexts: [{name: none, context: {cluster: none, user: none}}]
                current-context: none
                """);
            var start = new ProcessStartInfo(Path)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["KUBECONFIG"] = config, ["HOME"] = home.FullName },
            };
            foreach (var arg in new[] { "label", "--local", "--dry-run=client", "-f", folder, "-o", "json", "--cache-dir", System.IO.Path.Combine(home.FullName, "cache"), "checked=true" })
                start.ArgumentList.Add(arg);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start.");
            using var timeout = new CancellationTokenSource(Limit);
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"kubectl ran over {Limit.TotalSeconds} s.");
            }
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"kubectl exited {process.ExitCode}: {await errors}");
            return await Objects(await output);
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }

    /// <summary>kubectl prints one JSON object after another, not an array.</summary>
    static async Task<IReadOnlyList<JsonElement>> Objects(string json)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        var objects = new List<JsonElement>();
        await foreach (var item in JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, topLevelValues: true))
            objects.Add(item);
        return objects;
    }
}
