using AdventureServer.Server.Accounts;
using AdventureServer.Server.Play.Grains;

namespace AdventureServer.Server.Cluster;

/// <summary>What an operator (and the cluster tests) ask a node about the cluster.</summary>
public static class ClusterEndpoints
{
    /// <summary>
    /// Maps <c>GET /cluster</c> (this node and the active ones, open to all like <c>/healthz</c>) and
    /// <c>GET /cluster/adventures/{id}</c> (the node hosting the adventure's grain, activating it; game masters only).
    /// </summary>
    public static WebApplication MapCluster(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/cluster", (ClusterNode node, LiveNodes nodes) => Results.Ok(new { node = node.Name, members = nodes.Names }));
        app.MapGet("/cluster/adventures/{id:guid}", async (Guid id, IGrainFactory grains) =>
                Results.Ok(new { node = await grains.GetGrain<IAdventureGrain>(id).Node() }))
            .RequireAuthorization(Roles.GameMaster);
        return app;
    }
}
