using System.Net;
using System.Net.Sockets;
using AdventureServer.Server.Accounts;
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
    /// <summary>Reads <see cref="ClusterNodeOptions"/> and hosts the silo; call after AddAccounts and AddGame, whose defaults it replaces in a cluster.</summary>
    public static WebApplicationBuilder AddCluster(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(ClusterNodeOptions.Section).Get<ClusterNodeOptions>() ?? new ClusterNodeOptions();
        var siloPort = options.SiloPort > 0 ? options.SiloPort : FreeLoopbackPort();
        var node = string.IsNullOrWhiteSpace(options.NodeName) ? $"{Environment.MachineName}:{siloPort}" : options.NodeName;
        builder.Services.AddSingleton(new ClusterNode(node, options.IsCluster));

        builder.UseOrleans(silo =>
        {
            // Everything that crosses a grain call is the server's own records, carried as JSON.
            silo.Services.AddSerializer(s => s.AddJsonSerializer(isSupported: IsOurs));
            silo.Configure<SiloOptions>(o => o.SiloName = node);
            if (!options.IsCluster)
            {
                silo.UseLocalhostClustering(siloPort, options.GatewayPort);
                return;
            }

            silo.UseRedisClustering(options.Redis);
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

    static bool IsOurs(Type type) => type.Namespace?.StartsWith("AdventureServer.", StringComparison.Ordinal) == true;

    // The single process's silo port: free now, on the loopback address only, so servers side by side never clash.
    static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
