using AdventureServer.Inference;
using AdventureServer.Inference.Serving;
using AdventureServer.Server.Cluster;
using AdventureServer.Server.Workers;

namespace AdventureServer.Server.Engine;

/// <summary>Hosts the story engine in the server.</summary>
public static class EngineExtensions
{
    /// <summary>
    /// The engine for the node's role (<c>Cluster:Role</c>): the inference worker (options from the <c>Inference</c>
    /// section, loaded at start-up) as the server's <see cref="ITextGenerator"/> on <c>all</c> and <c>worker</c> nodes,
    /// a worker also reporting its load to the cluster; on a <c>frontend</c>, no model: turns go to the workers.
    /// </summary>
    public static WebApplicationBuilder AddInference(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var role = builder.Configuration.Options().Role;
        if (role == NodeRole.Frontend)
        {
            builder.Services.AddOptions<StoryRoutingOptions>().BindConfiguration($"{ClusterNodeOptions.Section}:Routing");
            builder.Services.AddSingleton<WorkerPool>();
            builder.Services.AddHostedService(provider => provider.GetRequiredService<WorkerPool>());
            builder.Services.AddSingleton<ITextGenerator, ClusterTextGenerator>();
            builder.Services.AddSingleton<ModelRollout>();
            builder.Services.AddSingleton<WorkerInstruments>();
            builder.Services.AddHostedService<WorkerInstrumentsStart>();
            return builder;
        }

        builder.Services.AddInference();
        builder.Services.AddHostedService<EngineWarmup>();
        if (role == NodeRole.Worker)
            builder.Services.AddHostedService<WorkerReporter>();
        return builder;
    }
}
