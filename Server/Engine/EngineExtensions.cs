using AdventureServer.Inference;

namespace AdventureServer.Server.Engine;

/// <summary>Hosts the story engine in the server.</summary>
public static class EngineExtensions
{
    /// <summary>The inference worker (options from the <c>Inference</c> section) as the server's <see cref="Inference.Serving.ITextGenerator"/>, loaded at start-up.</summary>
    public static WebApplicationBuilder AddInference(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddInference();
        builder.Services.AddHostedService<EngineWarmup>();
        return builder;
    }
}
