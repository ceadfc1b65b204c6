using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using AdventureServer.Inference.Serving;
using AdventureServer.Server.Accounts;
using AdventureServer.Server.Api.Keys;
using Microsoft.Extensions.DependencyInjection;

namespace AdventureServer.Server.Tests.Api;

/// <summary>The real server with the real worker on the CPU (the bundled default model), an account, and an API key.</summary>
internal static class ApiTestServer
{
    /// <summary>Starts the server; <paramref name="extraArgs"/> override settings (e.g. <c>--Api:RequestsPerMinute=2</c>).</summary>
    public static async Task<(TestServer Server, string Key)> StartAsync(params string[] extraArgs)
    {
        var server = await TestServer.StartAsync(["--Inference:Device=cpu", .. extraArgs]);
        // The model loads when the worker is first resolved; on a busy machine that can take longer than a test waits for a token.
        _ = server.Worker();
        return (server, await CreateKeyAsync(server, "api-user"));
    }

    /// <summary>
    /// As <see cref="StartAsync"/>, with a model slow enough on the CPU (GPT-2's shape, random weights, in float32: about 30
    /// tokens a second) that a long generation is still running while a test acts on it; the bundled model would finish
    /// first, and so can gpt2 in bfloat16 (about 100 tokens a second where auto picks it).
    /// </summary>
    public static Task<(TestServer Server, string Key)> StartSlowAsync(params string[] extraArgs) =>
        StartAsync(["--Inference:RandomWeights=gpt2", "--Inference:DType=float32", "--Inference:MaxContext=256", "--Inference:MaxConcurrentSequences=2", .. extraArgs]);

    /// <summary>Creates account <paramref name="userName"/> (if new) and a key for it.</summary>
    public static async Task<string> CreateKeyAsync(TestServer server, string userName)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<AccountService>().AddAsync(userName, "correct-horse", Roles.Player, allowExisting: true);
        Assert.That(result.Succeeded, Is.True);
        var created = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync(userName);
        return created!.Secret;
    }

    /// <summary>The worker serving now (the model host switches workers when the game master changes the model).</summary>
    public static InferenceWorker Worker(this TestServer server) => server.Services.GetRequiredService<ModelHost>().Current;

    /// <summary>A JSON POST with the key as a bearer token (none when <paramref name="key"/> is null).</summary>
    public static HttpRequestMessage Post(string path, object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (key is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    /// <summary>Sends and returns once the headers are in, so that a stream can be read as it comes.</summary>
    public static Task<HttpResponseMessage> SendStreamingAsync(this HttpClient http, HttpRequestMessage request, CancellationToken cancellationToken = default) =>
        http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    /// <summary>The server-sent events of a response: each event's name (null when none) and data.</summary>
    public static async IAsyncEnumerable<(string? Event, string Data)> ReadEventsAsync(Stream body, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(body);
        string? name = null;
        string? data = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data is not null)
                    yield return (name, data);
                (name, data) = (null, null);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
                name = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
                data = line["data: ".Length..];
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds, failing the test after <paramref name="seconds"/>.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what, double seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Timed out waiting until {what}.");
            await Task.Delay(10);
        }
    }
}
