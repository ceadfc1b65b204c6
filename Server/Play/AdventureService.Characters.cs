using AdventureServer.Game.Adventures;
using AdventureServer.Game.Rules;
using AdventureServer.Game.Settings;
using AdventureServer.Server.Hubs.Contracts;

namespace AdventureServer.Server.Play;

// Characters in a party: a member's name in the story, and the host's choice of second or third person.
public sealed partial class AdventureService
{
    /// <summary>Joins by code as <paramref name="characterName"/> (blank: no name yet); tells the others.</summary>
    public async Task<Adventure> JoinAsAsync(Actor actor, string joinCode, string? characterName)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var found = await repository.LoadByJoinCodeAsync(joinCode ?? string.Empty)
            ?? throw new GameRuleException(RuleReason.NotFound, "No adventure has that join code.");
        var (adventure, member, version, _) = await ChangeAsync(found.Id, a => a.Join(actor.UserId, actor.DisplayName, characterName));
        await broadcaster.PresenceAsync(new PresenceUpdate(adventure.Id, member.UserId, member.DisplayName, "Joined"));
        await broadcaster.AdventureChangedAsync(adventure, Views.Live(streamer.Live(adventure.Id)), version);
        return adventure;
    }

    /// <summary>The caller names (or renames, or with blank clears) their character; returns the name stored.</summary>
    public Task<string?> SetCharacterNameAsync(Actor actor, Guid adventureId, string? characterName)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return UpdateAdventureAsync(adventureId, a => a.ChangeCharacterName(actor, characterName).CharacterName);
    }

    /// <summary>The host (or a game master) chooses how actions are framed from now on.</summary>
    public Task ChangeActionPersonAsync(Actor actor, Guid adventureId, ActionPerson person)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return UpdateAdventureAsync(adventureId, a =>
        {
            a.ChangeActionPerson(actor, person);
            return true;
        });
    }

    static ActionPerson ParseActionPerson(string? text) =>
        string.IsNullOrWhiteSpace(text) ? ActionPerson.Second
        : Enum.TryParse<ActionPerson>(text, ignoreCase: true, out var person) && Enum.IsDefined(person) && !int.TryParse(text, out _) ? person
        : throw new GameRuleException(RuleReason.InvalidSettings, $"Unknown action framing \"{text}\"; use Second or Third.");
}
