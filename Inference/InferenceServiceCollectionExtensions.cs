using System.Diagnostics.Metrics;
using AdventureServer.Inference.Loading;
using AdventureServer.Inference.Serving;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AdventureServer.Inference;

/// <summary>Registers the inference subsystem: options from the <c>Inference</c> section and the shared worker.</summary>
public static class InferenceServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="InferenceOptions"/> (validated at start) and registers one <see cref="InferenceWorker"/>
    /// as the <see cref="ITextGenerator"/> singleton. The model loads when the worker is first resolved.
    /// </summary>
    public static IServiceCollection AddInference(this IServiceCollection services)
    {
        services.AddOptions<InferenceOptions>().BindConfiguration(InferenceOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<InferenceOptions>, InferenceOptionsValidator>();
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<InferenceOptions>>().Value;
            var loaded = ModelLoader.Load(options);
            return new InferenceWorker(loaded.Model, loaded.Tokenizer, options, loaded.Name,
                provider.GetService<ILogger<InferenceWorker>>(), provider.GetService<IMeterFactory>());
        });
        services.AddSingleton<ITextGenerator>(provider => provider.GetRequiredService<InferenceWorker>());
        return services;
    }
}
