using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AdventureServer.Server.Hubs.Contracts;
using AdventureServer.Server.Tests.Hubs;
using AdventureServer.Tests.Shared;

namespace AdventureServer.Server.Tests.Cluster;

/// <summary>
/// A cluster on this machine, as the README's scale-out section sets one up: PostgreSQL (a database of its own on
/// <see cref="ClusterPostgres"/>), its own Redis, N server nodes as child processes (distinct HTTP, silo and gateway
/// ports, names <c>node-a</c>, <c>node-b</c>, ...) and nginx over them. Accounts and adventures are made through the
/// real HTTP and SignalR API. Everything is stopped at dispose, bounded in time; the logs stay in <see cref="Folder"/>
/// for a failure message (<see cref="Logs"/>).
/// </summary>
internal sealed class ClusterFixture : IAsyncDisposable
{
    const string Password = "correct-horse";
    readonly List<ServerNode> _nodes = [];
    readonly string[] _settings;
    NginxServer? _balancer;
    bool _stopped;

    ClusterFixture(string folder, RedisServer redis, string database, string[] settings)
    {
        Folder = folder;
        Redis = redis;
        Database = database;
        _settings = settings;
        Http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Where the nodes run (their relative data paths resolve here) and every log is written.</summary>
    public string Folder { get; }

    public RedisServer Redis { get; }

    /// <summary>The connection string of the cluster's database.</summary>
    public string Database { get; }

    /// <summary>The nodes, in the order started (<c>node-a</c> first).</summary>
    public IReadOnlyList<ServerNode> Nodes => _nodes;

    /// <summary>nginx over every node.</summary>
    public NginxServer Balancer => _balancer ?? throw new InvalidOperationException("The cluster has not started.");

    /// <summary>The one address clients use (nginx).</summary>
    public Uri Address => Balancer.Address;

    /// <summary>An HTTP client of the balancer.</summary>
    public HttpClient Http { get; }

    /// <summary>
    /// Starts <paramref name="nodes"/> nodes with the tiny model (<see cref="GameServer.Args"/>) and
    /// <paramref name="extra"/> settings, one after the other (the first migrates the fresh database and seeds the game
    /// master; see the remark on starting them together), then nginx. Returns once <c>/healthz</c> answers through nginx.
    /// A cluster that does not start is stopped with its logs kept, and the error names their folder.
    /// </summary>
    /// <remarks>
    /// Started together on two busy cores, a joining node was once stopped by its host during start-up (an
    /// OperationCanceledException in the database migrator, nothing else logged), so the nodes start in turn: these tests
    /// are about a running cluster. Membership and host lifetime are logged at Information to tell such a case apart.
    /// </remarks>
    public static Task<ClusterFixture> StartAsync(int nodes, params string[] extra) =>
        StartAsync([.. Enumerable.Repeat(Array.Empty<string>(), nodes)], extra);

    /// <summary>
    /// As <see cref="StartAsync(int, string[])"/>, one node for each entry of <paramref name="perNode"/>, which adds that
    /// node's own settings (e.g. <c>--role worker</c>) after the shared ones.
    /// </summary>
    public static async Task<ClusterFixture> StartAsync(IReadOnlyList<string[]> perNode, params string[] extra)
    {
        ArgumentNullException.ThrowIfNull(perNode);
        var nodes = perNode.Count;
        var folder = Directory.CreateTempSubdirectory("adventure-cluster-").FullName;
        var database = await ClusterPostgres.CreateDatabaseAsync();
        var redis = await RedisServer.StartAsync();
        string[] settings =
        [
            "--Persistence:Provider=Postgres",
            $"--Persistence:ConnectionString={database}",
            $"--Accounts:KeysFolder={Path.Combine(folder, "keys")}",
            $"--Cluster:Redis={redis.Configuration}",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
            "--Logging:LogLevel:Orleans.Runtime.MembershipService=Information",
            .. GameServer.Args(extra),
        ];
        var cluster = new ClusterFixture(folder, redis, database, settings);
        try
        {
            var ports = FreePorts.Take(3 * nodes);
            for (var i = 0; i < nodes; i++)
                cluster._nodes.Add(await cluster.StartNodeAsync(i, ports, perNode[i]));
            cluster._balancer = await NginxServer.StartAsync([.. cluster._nodes.Select(n => n.Address)]);
            cluster.Http.BaseAddress = cluster._balancer.Address;
            using var health = await cluster.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
            if (!health.IsSuccessStatusCode)
                throw new InvalidOperationException($"/healthz through nginx answered {(int)health.StatusCode}:\n{cluster.Logs()}");
            return cluster;
        }
        catch (Exception e)
        {
            await cluster.StopAsync(keepLogs: true);
            throw new InvalidOperationException($"The cluster did not start (its logs are kept in {folder}): {e.Message}", e);
        }
    }

    /// <summary>The node named <paramref name="name"/> (<c>node-b</c>).</summary>
    public ServerNode Node(string name) => _nodes.Single(n => n.Name == name);

    /// <summary>Registers <paramref name="name"/> (if new) and logs in, through the balancer; returns the bearer token.</summary>
    public async Task<string> TokenAsync(string name, string password = Password)
    {
        using var registered = await Http.PostAsJsonAsync("/api/account/register", new { userName = name, password });
        return await AccountTests.LoginAsync(Http, name, password);
    }

    /// <summary>A player connected to <paramref name="via"/> (a node, or the balancer when null).</summary>
    public async Task<ClusterClient> PlayerAsync(string name, ServerNode? via = null) =>
        await ClusterClient.ConnectAsync(via?.Address ?? Address, await TokenAsync(name), name);

    /// <summary>The seeded game master connected to <c>/hubs/gm</c> on <paramref name="via"/> (or the balancer).</summary>
    public async Task<ClusterClient> GameMasterAsync(ServerNode? via = null) =>
        await ClusterClient.ConnectAsync(via?.Address ?? Address, await TokenAsync(GameServer.GameMasterName, GameServer.GameMasterPassword), GameServer.GameMasterName, "/hubs/gm");

    /// <summary>
    /// <paramref name="hostName"/> creates an adventure (the scenario of the hub tests) over a connection through the
    /// balancer that is closed again, so the test chooses where its players connect; returns its id and join code.
    /// </summary>
    public async Task<(Guid Id, string JoinCode)> CreateAdventureAsync(string hostName, int maxNewTokens)
    {
        await using var host = await PlayerAsync(hostName);
        var created = await host.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario(maxNewTokens: maxNewTokens));
        return (created.Id, created.JoinCode);
    }

    /// <summary>The node whose silo hosts the adventure's grain (<c>GET /cluster/adventures/{id}</c> as the game master, which activates it).</summary>
    public async Task<ServerNode> GrainNodeAsync(Guid adventureId)
    {
        using var ask = new HttpRequestMessage(HttpMethod.Get, new Uri($"/cluster/adventures/{adventureId}", UriKind.Relative));
        ask.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(GameServer.GameMasterName, GameServer.GameMasterPassword));
        using var answer = await Http.SendAsync(ask);
        var body = await answer.Content.ReadAsStringAsync();
        if (!answer.IsSuccessStatusCode)
            throw new InvalidOperationException($"GET /cluster/adventures/{adventureId} answered {(int)answer.StatusCode}: {body}");
        var name = JsonDocument.Parse(body).RootElement.GetProperty("node").GetString();
        return _nodes.SingleOrDefault(n => n.Name == name)
            ?? throw new InvalidOperationException($"GET /cluster/adventures/{adventureId} named {name}, which is none of {string.Join(", ", _nodes.Select(n => n.Name))}.");
    }

    /// <summary>The active members as a node sees them (<c>GET /cluster</c>).</summary>
    public static async Task<IReadOnlyList<string>> MembersAsync(ServerNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        using var answer = await node.Http.GetAsync(new Uri("/cluster", UriKind.Relative));
        answer.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        return [.. body.RootElement.GetProperty("members").EnumerateArray().Select(m => m.GetString()!)];
    }

    /// <summary>The last lines of every node's log and of nginx's error log, for a failure message.</summary>
    public string Logs(int lines = 40)
    {
        var text = new StringBuilder();
        foreach (var node in _nodes)
            text.Append(CultureInfo.InvariantCulture, $"--- {node.Name} ({node.Address}{(node.HasExited ? ", exited" : "")}), {node.LogPath}:\n{node.Tail(lines)}\n");
        if (_balancer is not null)
            text.Append(CultureInfo.InvariantCulture, $"--- nginx, {_balancer.ErrorLogPath}:\n{_balancer.ErrorLogTail(lines)}\n");
        return text.ToString();
    }

    /// <summary>Stops everything (nodes killed, nginx and Redis stopped); deletes the folder unless <paramref name="keepLogs"/>.</summary>
    public async Task StopAsync(bool keepLogs)
    {
        if (_stopped)
            return;
        _stopped = true;
        Http.Dispose();
        foreach (var node in _nodes)
            await node.DisposeAsync();
        if (_balancer is not null)
        {
            // nginx's logs live in its prefix, which it deletes: keep a copy beside the nodes' logs.
            if (keepLogs && File.Exists(_balancer.ErrorLogPath))
                File.Copy(_balancer.ErrorLogPath, Path.Combine(Folder, "nginx-error.log"), overwrite: true);
            await _balancer.DisposeAsync();
        }

        if (keepLogs && File.Exists(Redis.LogPath))
            File.Copy(Redis.LogPath, Path.Combine(Folder, "redis.log"), overwrite: true);
        await Redis.DisposeAsync();
        if (!keepLogs)
            Directory.Delete(Folder, recursive: true);
    }

    public async ValueTask DisposeAsync() => await StopAsync(keepLogs: false);

    /// <summary>
    /// Starts one more node (named after the last, <c>node-d</c> after <c>node-c</c>) with its own settings, which joins the
    /// running cluster; the balancer does not send to it (a worker needs no players).
    /// </summary>
    public async Task<ServerNode> AddNodeAsync(string[] own)
    {
        var node = await StartNodeAsync(0, FreePorts.Take(3), own, _nodes.Count);
        _nodes.Add(node);
        return node;
    }

    async Task<ServerNode> StartNodeAsync(int index, int[] ports, string[] own, int? nameIndex = null)
    {
        var name = $"node-{(char)('a' + (nameIndex ?? index))}";
        return await ServerNode.StartAsync(
            name,
            ports[3 * index],
            [
                .. _settings,
                $"--Cluster:SiloPort={ports[3 * index + 1]}",
                $"--Cluster:GatewayPort={ports[3 * index + 2]}",
                $"--Cluster:NodeName={name}",
                .. own,
            ],
            Folder,
            Folder,
            OneCoreEach);
    }

    /// <summary>
    /// Each node's libtorch and C# kernels on one thread (<c>OMP_NUM_THREADS</c>, <c>DOTNET_PROCESSOR_COUNT</c>), as the
    /// README asks of several model processes on one box: with a thread per core each, two processes' threads take turns
    /// on these 2 cores mid-product, and 4 streams on two gpt2 benches beside a busy process got 424–620 ms between
    /// tokens against 163–178 with one thread each.
    /// </summary>
    static readonly Dictionary<string, string> OneCoreEach = new(StringComparer.Ordinal)
    {
        ["OMP_NUM_THREADS"] = "1",
        ["DOTNET_PROCESSOR_COUNT"] = "1",
    };
}
