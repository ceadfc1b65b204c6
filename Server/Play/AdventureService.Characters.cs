using AdventureServer.Game.Adventures;
using AdventureServer.Game.Rules;
using AdventureServer.Game.Settings;
using AdventureServer.Server.Play.Grains;

namespace AdventureServer.Server.Play;

// Characters in a party: a member's name in the story, and the host's choice of second or third person.
public sealed partial class AdventureService
{
    /// <summary>Joins by code as <paramref name="characterName"/> (blank: no name yet); tells the others. Returns the adventure's id.</summary>
    public async Task<Guid> JoinAsAsync(Actor actor, string joinCode, string? characterName)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var found = await repository.LoadByJoinCodeAsync(joinCode ?? string.Empty)
            ?? throw new GameRuleException(RuleReason.NotFound, "No adventure has that join code.");
        await RunAsync(found.Id, new Join(actor, characterName));
        return found.Id;
    }

    static ActionPerson ParseActionPerson(string? text) =>
        string.IsNullOrWhiteSpace(text) ? ActionPerson.Second
        : Enum.TryParse<ActionPerson>(text, ignoreCase: true, out var person) && Enum.IsDefined(person) && !int.TryParse(text, out _) ? person
        : throw new GameRuleException(RuleReason.InvalidSettings, $"Unknown action framing \"{text}\"; use Second or Third.");
}
