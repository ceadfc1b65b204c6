using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Serialization;
using AdventureServer.Game.Story;
using AdventureServer.LoadTest.Hosting;
using AdventureServer.Server.Hubs.Contracts;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AdventureServer.LoadTest.Bench;

/// <summary>
/// <c>bench-story</c>: what one turn costs each player as the story grows. A party plays an adventure up to
/// each story length, then takes measured turns, and every player's WebSocket counts the bytes the server
/// sent it during each turn (the story update, the deltas, the end). One row per story length; the last
/// line is JSON. Further per-turn figures (rows written, ...) belong beside <see cref="Row"/>.
/// </summary>
public static class StoryBench
{
    public sealed record Row(int StoryBlocks, int Turns, double BytesPerTurnPerPlayer);

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var lengths = Option(args, "--blocks", "10,100,1000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var players = int.Parse(Option(args, "--players", "3"), CultureInfo.InvariantCulture);
        var turns = int.Parse(Option(args, "--turns", "5"), CultureInfo.InvariantCulture);
        var tokens = int.Parse(Option(args, "--max-new-tokens", "8"), CultureInfo.InvariantCulture);
        // Building a story of a thousand blocks takes hundreds of actions in a few minutes.
        await using var server = await InProcessServer.StartAsync(["--Game:ActionsPerMinute=10000"]);
        using var http = new HttpClient { BaseAddress = server.Address };
        var accounts = new AccountClient(http);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var rows = new List<Row>();
        await output.WriteLineAsync($"bench-story: {players} players, {turns} measured turns per story length, {tokens} new tokens a turn");
        await output.WriteLineAsync("| story blocks | bytes per turn to each player |");
        await output.WriteLineAsync("| ---: | ---: |");
        foreach (var length in lengths)
        {
            var party = new List<(HubConnection Hub, CountingWebSocket Socket)>();
            try
            {
                for (var i = 0; i < players; i++)
                    party.Add(await ConnectAsync(server.Address, await accounts.RegisterAndLogInAsync($"bench-{tag}-{length}-{i}", _ => { }, CancellationToken.None)));
                var host = party[0].Hub;
                var created = await host.InvokeAsync<AdventureView>("CreateAdventure", new CreateAdventureRequest(
                    "Bench", "You stand in a long hall.", PartyCap: players,
                    Settings: new SettingsView(0.8, 40, 0.9, 1.1, tokens, 1, [])));
                foreach (var (hub, _) in party.Skip(1))
                    await hub.InvokeAsync<AdventureView>("Join", created.JoinCode);
                var blocks = created.Blocks.Count;
                while (blocks < length)
                {
                    await TurnAsync(party, created.Id);
                    blocks += 2;
                }

                var before = party.Select(p => p.Socket.Received).ToArray();
                for (var t = 0; t < turns; t++)
                    await TurnAsync(party, created.Id);
                var perPlayer = party.Select((p, i) => (p.Socket.Received - before[i]) / (double)turns).Average();
                var row = new Row(blocks, turns, Math.Round(perPlayer));
                rows.Add(row);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"| {row.StoryBlocks} | {row.BytesPerTurnPerPlayer} |"));
            }
            finally
            {
                foreach (var (hub, _) in party)
                    await hub.DisposeAsync();
            }
        }

        await output.WriteLineAsync(JsonSerializer.Serialize(rows.Select(r => new { story_blocks = r.StoryBlocks, turns = r.Turns, bytes_per_turn_per_player = r.BytesPerTurnPerPlayer })));
        return 0;
    }

    /// <summary>One turn: the host acts and every player reads the continuation to its end.</summary>
    static async Task TurnAsync(List<(HubConnection Hub, CountingWebSocket Socket)> party, Guid adventureId)
    {
        var ends = party.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var handlers = party.Select((p, i) => p.Hub.On<ContinuationEnded>(nameof(ContinuationEnded), _ => ends[i].TrySetResult())).ToArray();
        try
        {
            await party[0].Hub.InvokeAsync<Guid>("Act", adventureId, ActionKind.Do, "I walk on");
            await Task.WhenAll(ends.Select(e => e.Task)).WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            foreach (var handler in handlers)
                handler.Dispose();
        }
    }

    static async Task<(HubConnection, CountingWebSocket)> ConnectAsync(Uri server, string token)
    {
        CountingWebSocket? socket = null;
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hubs/play"), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.WebSocketFactory = async (context, cancel) =>
                {
                    var ws = new ClientWebSocket();
                    ws.Options.SetRequestHeader("Authorization", "Bearer " + token);
                    await ws.ConnectAsync(context.Uri, cancel);
                    return socket = new CountingWebSocket(ws);
                };
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();
        await hub.StartAsync();
        return (hub, socket!);
    }

    static string Option(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
