using System.Net;
using System.Net.Sockets;
using AdventureServer.Server.Accounts;
using AdventureServer.Server.Play.Grains;
using AdventureServer.Server.Workers;
using Microsoft.AspNetCore.DataProtection;
using Orleans.Configuration;
using Orleans.Serialization;
using StackExchange.Redis;

namespace AdventureServer.Server.Cluster;

/// <summary>
/// The Orleans silo every server hosts, the home of the adventure grains. One code path: a single process is a
/// cluster of one silo on the loopback address; with <c>Cluster:Redis</c> the same silo joins the other nodes
/// (membership in Redis), SignalR messages cross the nodes through Redis, and the Data Protection keys that sign
/// the tokens are kept there, so a token from one node works on all of them.
/// </summary>
public static class ClusterExtensions
{
    /// <summary>
    /// Adds the settings file named by <c>Cluster:ConfigFile</c> (e.g. a <c>cluster.json</c> shared by the nodes, with
    /// its <c>Cluster</c> and <c>Persistence</c> sections); the command line still wins over it. Call first.
    /// </summary>
    public static WebApplicationBuilder AddClusterFile(this WebApplicationBuilder builder, string[] args)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var file = builder.Configuration[$"{ClusterNodeOptions.Section}:{nameof(ClusterNodeOptions.ConfigFile)}"];
        if (string.IsNullOrWhiteSpace(file))
            return builder;
        var path = Path.GetFullPath(file);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Cluster:ConfigFile names {path}, which does not exist.", path);
        builder.Configuration.AddJsonFile(path, optional: false, reloadOnChange: false);
        builder.Configuration.AddCommandLine(args);
        return builder;
    }

    /// <summary>
    /// Reads <see cref="ClusterNodeOptions"/> and hosts the silo; call after AddAccounts, whose Data Protection key store it
    /// replaces in a cluster, and before AddGame, so that a stopping node saves its streams before its silo stops.
    /// </summary>
    public static WebApplicationBuilder AddCluster(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.Options();
        var siloPort = options.SiloPort > 0 ? options.SiloPort : FreeLoopbackPort();
        var node = string.IsNullOrWhiteSpace(options.NodeName) ? $"{Environment.MachineName}:{siloPort}" : options.NodeName;
        builder.Services.AddSingleton(new ClusterNode(node, options.IsCluster, options.Role));

        builder.UseOrleans(silo =>
        {
            // Everything that crosses a grain call is the server's own records, carried as JSON.
            silo.Services.AddSerializer(s => s.AddJsonSerializer(isSupported: IsOurs));
            silo.Configure<SiloOptions>(o => o.SiloName = node);
            silo.Services.AddPlacementDirector<NamedSiloPlacement, NamedSiloPlacementDirector>();
            // Each role hosts only its own grains: adventures and accounts live on the game nodes, worker grains on the workers.
            silo.Configure<GrainTypeOptions>(o =>
            {
                if (options.Role == NodeRole.Worker)
                {
                    o.Classes.Remove(typeof(AdventureGrain));
                    o.Classes.Remove(typeof(AccountGrain));
                }
                else
                    o.Classes.Remove(typeof(WorkerGrain));
            });
            if (!options.IsCluster)
            {
                silo.UseLocalhostClustering(siloPort, options.GatewayPort);
                return;
            }

            silo.UseRedisClustering(options.Redis);
            // Orleans' default directory may briefly hold a second activation of a grain after a node dies (the dead node
            // held part of the directory); a second adventure grain would run turns beside the first and mark its live
            // continuation Interrupted. Registrations kept in Redis never let two exist, and a dead node's are replaced
            // as soon as the cluster declares it dead. (Orleans' strongly consistent in-cluster directory, tried first,
            // took 22 s to recover from a kill -9 here.)
            silo.UseRedisGrainDirectoryAsDefault(o => o.ConfigurationOptions = ConfigurationOptions.Parse(options.Redis));
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = options.ClusterId;
            });
            var address = string.IsNullOrWhiteSpace(options.AdvertisedAddress) ? IPAddress.Loopback : IPAddress.Parse(options.AdvertisedAddress);
            silo.ConfigureEndpoints(address, siloPort, options.GatewayPort);
            // A node that stops answering is declared dead within a few seconds, so its adventures' grains come
            // back on another node while the players still wait for their turn (Orleans' default is about a minute).
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
                o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
            });
        });

        if (options.IsCluster)
        {
            var redis = new Lazy<IConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(options.Redis));
            builder.Services.AddSignalR().AddStackExchangeRedis(options.Redis, o => o.Configuration.ChannelPrefix = RedisChannel.Literal(options.ClusterId));
            builder.Services.AddDataProtection().SetApplicationName(AccountsExtensions.ApplicationName)
                .PersistKeysToStackExchangeRedis(() => redis.Value.GetDatabase(), $"{options.ClusterId}:data-protection-keys");
        }

        return builder;
    }

    /// <summary>
    /// The <c>Cluster</c> section, read now; a top-level <c>role</c> (<c>serve --role worker</c>) sets
    /// <see cref="ClusterNodeOptions.Role"/> when the section does not.
    /// </summary>
    public static ClusterNodeOptions Options(this IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(ClusterNodeOptions.Section).Get<ClusterNodeOptions>() ?? new ClusterNodeOptions();
        var role = configuration["role"];
        if (configuration[$"{ClusterNodeOptions.Section}:{nameof(ClusterNodeOptions.Role)}"] is null && !string.IsNullOrWhiteSpace(role))
        {
            options.Role = Enum.TryParse<NodeRole>(role, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(role, out _)
                ? parsed
                : throw new InvalidOperationException($"--role {role} is not one of all, frontend, worker.");
        }
        return options;
    }

    // Exceptions stay with Orleans' own codec, which keeps their type and message.
    static bool IsOurs(Type type) =>
        type.Namespace?.StartsWith("AdventureServer.", StringComparison.Ordinal) == true && !typeof(Exception).IsAssignableFrom(type);

    // The single process's silo port: free now, on the loopback address only, so servers side by side never clash.
    static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
