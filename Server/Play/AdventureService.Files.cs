using AdventureServer.Game.Adventures;
using AdventureServer.Game.Rules;

namespace AdventureServer.Server.Play;

// Export and import: what the HTTP endpoints and the browser's buttons reach.
public sealed partial class AdventureService
{
    /// <summary>The adventure's export file (the host or a game master only).</summary>
    public async Task<(string Title, string Json)> ExportAsync(Actor actor, Guid adventureId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var adventure = await LoadAsync(adventureId);
        Refusal.ThrowIfAny(adventure.CanModerate(actor));
        var json = await repository.ExportAsync(adventureId)
            ?? throw new GameRuleException(RuleReason.NotFound, "There is no such adventure.");
        return (adventure.Title, json);
    }

    /// <summary>
    /// A new adventure from an export file or a KoboldAI story, hosted by <paramref name="importer"/> (who may host
    /// no more than the server allows). A bad file throws <see cref="Persistence.Export.AdventureFileException"/> and nothing is stored.
    /// </summary>
    public async Task<Adventure> ImportAsync(Actor importer, string json)
    {
        ArgumentNullException.ThrowIfNull(importer);
        var hosted = (await repository.ListForUserAsync(importer.UserId)).Count(a => a.Role == MemberRole.Host);
        if (hosted >= _options.AdventuresPerAccount)
            throw new RefusedException(RefusalReason.TooManyAdventures, $"You already host {hosted} adventures; the server allows {_options.AdventuresPerAccount}.");
        return await repository.ImportAsync(json, importer);
    }
}
