using AdventureServer.Game.Adventures;
using AdventureServer.Game.Settings;
using AdventureServer.Game.Story;
using AdventureServer.Server.Hubs.Contracts;

namespace AdventureServer.Server.Play.Grains;

/// <summary>A change to the adventure's settings, cards, members or moderation: saved, then the new view is sent to everyone.</summary>
public abstract record AdventureEdit(Actor Actor) : AdventureCommand
{
    /// <summary>Makes the change on the loaded adventure; returns the hub call's result (null for none).</summary>
    internal abstract object? Apply(Adventure adventure);

    internal override async Task<object?> RunAsync(AdventureKeeper keeper, Guid adventureId) =>
        await keeper.UpdateAdventureAsync(adventureId, this);
}

/// <summary>Sets the memory.</summary>
public sealed record SetMemory(Actor Actor, string Memory) : AdventureEdit(Actor)
{
    internal override object? Apply(Adventure adventure)
    {
        adventure.ChangeMemory(Actor, Memory ?? string.Empty);
        return null;
    }
}

/// <summary>Sets the author's note.</summary>
public sealed record SetAuthorsNote(Actor Actor, string AuthorsNote) : AdventureEdit(Actor)
{
    internal override object? Apply(Adventure adventure)
    {
        adventure.ChangeAuthorsNote(Actor, AuthorsNote ?? string.Empty);
        return null;
    }
}

/// <summary>Adds a story card; returns it with its id.</summary>
public sealed record AddStoryCard(Actor Actor, string Title, IReadOnlyList<string> Keys, string Text, bool Enabled) : AdventureEdit(Actor)
{
    internal override object? Apply(Adventure adventure) =>
        Views.Card(adventure.AddStoryCard(Actor, Title ?? string.Empty, Keys, Text ?? string.Empty, Enabled));
}

/// <summary>Replaces the story card with the same id.</summary>
public sealed record UpdateStoryCard(Actor Actor, Guid CardId, string Title, IReadOnlyList<string> Keys, string Text, bool Enabled) : AdventureEdit(Actor)
{
    internal override object? Apply(Adventure adventure)
    {
        adventure.UpdateStoryCard(Actor, new StoryCard(CardId, Title ?? string.Empty, Keys, Text ?? string.Empty, Enabled));
        return null;
    }
}

/// <summary>Removes a story card.</summary>
public sealed record RemoveStoryCard(Actor Actor, Guid CardId) : AdventureEdit(Actor)
{
    internal override object? Apply(Adventure adventure)
    {
        adventure.RemoveStoryCard(Actor, CardId);
        return null;
    }
}

/// <summary>Sets the generation settings; returns what was stored after clamping.</summary>
public sealed record ChangeSettings(Actor Actor, SettingsView Settings) : AdventureEdit(Actor)
{
    internal override object? Apply(Adventure adventure) => Views.Settings(adventure.ChangeSettings(Actor, Views.Settings(Settings)));
}

/// <summary>Replaces the banned-word list.</summary>
public sealed record SetBannedWords(Actor Actor, IReadOnlyList<string> Words) : AdventureEdit(Actor)
{
    internal override object? Apply(Adventure adventure)
    {
        adventure.ChangeBannedWords(Actor, Words);
        return null;
    }
}

/// <summary>Lets a banned user join again.</summary>
public sealed record Unban(Actor Actor, string UserId) : AdventureEdit(Actor)
{
    internal override object? Apply(Adventure adventure)
    {
        adventure.Unban(Actor, UserId);
        return null;
    }
}

/// <summary>Keeps a member from changing the story.</summary>
public sealed record Mute(Actor Actor, string UserId) : AdventureEdit(Actor)
{
    internal override object? Apply(Adventure adventure)
    {
        adventure.Mute(Actor, UserId);
        return null;
    }
}

/// <summary>Lets a muted member act again.</summary>
public sealed record Unmute(Actor Actor, string UserId) : AdventureEdit(Actor)
{
    internal override object? Apply(Adventure adventure)
    {
        adventure.Unmute(Actor, UserId);
        return null;
    }
}

/// <summary>Names, renames or (blank) clears the actor's character; returns the name stored.</summary>
public sealed record SetCharacterName(Actor Actor, string? CharacterName) : AdventureEdit(Actor)
{
    internal override object? Apply(Adventure adventure) => adventure.ChangeCharacterName(Actor, CharacterName).CharacterName;
}

/// <summary>Chooses how actions are framed from now on.</summary>
public sealed record ChangeActionPerson(Actor Actor, ActionPerson Person) : AdventureEdit(Actor)
{
    internal override object? Apply(Adventure adventure)
    {
        adventure.ChangeActionPerson(Actor, Person);
        return null;
    }
}
