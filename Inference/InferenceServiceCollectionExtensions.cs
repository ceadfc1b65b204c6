using System.Diagnostics.Metrics;
using AdventureServer.Inference.Loading;
using AdventureServer.Inference.Serving;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AdventureServer.Inference;

/// <summary>Registers the inference subsystem: options from the <c>Inference</c> section and the shared worker.</summary>
public static class InferenceServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="InferenceOptions"/> (validated at start) and registers the <see cref="ModelHost"/> (one
    /// <see cref="InferenceWorker"/> at a time, switchable) as the <see cref="ITextGenerator"/> singleton. The model loads when the worker is first resolved.
    /// </summary>
    public static IServiceCollection AddInference(this IServiceCollection services)
    {
        services.AddOptions<InferenceOptions>().BindConfiguration(InferenceOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<InferenceOptions>, InferenceOptionsValidator>();
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<InferenceOptions>>().Value;
            return new ModelHost(options, o =>
            {
                var loaded = ModelLoader.Load(o);
                var logger = provider.GetService<ILogger<InferenceWorker>>();
                InferenceWorkerLog.Loaded(logger ?? (ILogger)NullLogger.Instance, loaded.Name, loaded.Target.DeviceName, loaded.Target.DTypeName, loaded.Target.DTypeReason);
                return new InferenceWorker(loaded.Model, loaded.Tokenizer, o, loaded.Name, logger, provider.GetService<IMeterFactory>());
            }, provider.GetService<ILogger<ModelHost>>() ?? NullLogger<ModelHost>.Instance);
        });
        services.AddSingleton<ITextGenerator>(provider => provider.GetRequiredService<ModelHost>());
        return services;
    }
}
