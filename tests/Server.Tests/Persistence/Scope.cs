using AdventureServer.Server.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace AdventureServer.Server.Tests.Persistence;

/// <summary>One request's worth of services: a DbContext and the repository on it.</summary>
public sealed class Scope(IServiceProvider provider) : IDisposable
{
    readonly IServiceScope _scope = provider.CreateScope();

    public AdventureRepository Repository => _scope.ServiceProvider.GetRequiredService<AdventureRepository>();

    public GameDbContext Db => _scope.ServiceProvider.GetRequiredService<GameDbContext>();

    public void Dispose() => _scope.Dispose();
}
