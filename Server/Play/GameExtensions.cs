using System.Text.Json.Serialization;
using AdventureServer.Game.Settings;
using AdventureServer.Server.Cluster;
using AdventureServer.Server.Hubs;
using AdventureServer.Server.Streaming;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AdventureServer.Server.Play;

/// <summary>The game on the server: options, the adventure service, streaming and the two hubs.</summary>
public static class GameExtensions
{
    /// <summary>
    /// Binds <see cref="GameOptions"/> (validated at start; the domain's <see cref="GameLimits"/> follow them) and
    /// registers SignalR with its limits, the services behind the hubs, and the streamer.
    /// </summary>
    public static WebApplicationBuilder AddGame(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<GameOptions>().BindConfiguration(GameOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.KeepAliveInterval > TimeSpan.Zero && o.ClientTimeoutInterval >= 2 * o.KeepAliveInterval,
                "Game:ClientTimeoutInterval must be at least twice Game:KeepAliveInterval, which must be positive.")
            .Validate(o => o.SaveInterval > TimeSpan.Zero && o.EngineStateInterval > TimeSpan.Zero,
                "Game:SaveInterval and Game:EngineStateInterval must be positive.")
            .ValidateOnStart();
        services.Replace(ServiceDescriptor.Singleton(provider => provider.GetRequiredService<IOptions<GameOptions>>().Value.ToLimits()));

        var options = builder.Configuration.GetSection(GameOptions.Section).Get<GameOptions>() ?? new GameOptions();
        services.AddSignalR(hub =>
            {
                hub.MaximumReceiveMessageSize = options.MaximumReceiveMessageSize;
                hub.KeepAliveInterval = options.KeepAliveInterval;
                hub.ClientTimeoutInterval = options.ClientTimeoutInterval;
                hub.AddFilter<GameHubFilter>();
            })
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton<LiveNodes>();
        services.AddSingleton<StoryVersions>();
        services.AddSingleton<LastPrompts>();
        services.AddSingleton<RateLimits>();
        services.AddSingleton<GameHubFilter>();
        services.AddSingleton<GameBroadcaster>();
        services.AddSingleton<IStoryBroadcaster>(provider => provider.GetRequiredService<GameBroadcaster>());
        services.AddSingleton(provider => new StoryStreamer(
            provider.GetRequiredService<IServiceScopeFactory>(),
            provider.GetRequiredService<IStoryBroadcaster>(),
            provider.GetRequiredService<ILogger<StoryStreamer>>())
        {
            SaveInterval = provider.GetRequiredService<IOptions<GameOptions>>().Value.SaveInterval,
        });
        services.AddScoped<IContinuationSink, ContinuationSink>();
        services.AddScoped<AdventureService>();
        services.AddScoped<GameMasterService>();
        services.AddHostedService<EngineStatePublisher>();
        services.AddHostedService<StreamShutdown>();
        return builder;
    }

    /// <summary>Maps the players' hub at <c>/hubs/play</c> and the game masters' at <c>/hubs/gm</c>.</summary>
    public static WebApplication MapGameHubs(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHub<PlayerHub>("/hubs/play");
        app.MapHub<GameMasterHub>("/hubs/gm");
        return app;
    }
}
