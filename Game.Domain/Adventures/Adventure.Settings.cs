using AdventureServer.Game.Rules;
using AdventureServer.Game.Settings;
using AdventureServer.Game.Story;

namespace AdventureServer.Game.Adventures;

// What the host (or a game master) sets: title, turns, party cap, generation, memory, author's note,
// banned words and story cards. Every value is checked against the server's limits.
public sealed partial class Adventure
{
    /// <summary>Renames the adventure.</summary>
    public void Rename(Actor actor, string title)
    {
        Refusal.ThrowIfAny(CanModerate(actor) ?? CheckText(title, _limits.MaxTitleLength, "The title", allowEmpty: false));
        Title = title.Trim();
    }

    /// <summary>Changes who may act next.</summary>
    public void ChangeTurnPolicy(Actor actor, TurnPolicy policy)
    {
        Refusal.ThrowIfAny(CanModerate(actor));
        TurnPolicy = policy;
    }

    /// <summary>Chooses how actions are framed from now on; actions already in the story keep their framing.</summary>
    public void ChangeActionPerson(Actor actor, ActionPerson person)
    {
        Refusal.ThrowIfAny(CanModerate(actor) ?? (Enum.IsDefined(person) ? null
            : new Refusal(RuleReason.InvalidSettings, "Actions are framed in the second or the third person.")));
        ActionPerson = person;
    }

    /// <summary>Sets the party cap, clamped to 1..the server's maximum. Members above a lowered cap stay.</summary>
    public void ChangePartyCap(Actor actor, int partyCap)
    {
        Refusal.ThrowIfAny(CanModerate(actor));
        PartyCap = Math.Clamp(partyCap, 1, _limits.MaxPartyCap);
    }

    /// <summary>Sets the generation settings, clamped to the server's limits; returns what was stored.</summary>
    public GenerationSettings ChangeSettings(Actor actor, GenerationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Refusal.ThrowIfAny(CanModerate(actor));
        Settings = settings.ClampTo(_limits);
        return Settings;
    }

    /// <summary>Sets the memory (pinned facts at the top of every prompt).</summary>
    public void ChangeMemory(Actor actor, string memory)
    {
        Refusal.ThrowIfAny(CanModerate(actor) ?? CheckText(memory, _limits.MaxMemoryLength, "The memory", allowEmpty: true));
        Memory = memory;
    }

    /// <summary>Sets the author's note.</summary>
    public void ChangeAuthorsNote(Actor actor, string authorsNote)
    {
        Refusal.ThrowIfAny(CanModerate(actor) ?? CheckText(authorsNote, _limits.MaxAuthorsNoteLength, "The author's note", allowEmpty: true));
        AuthorsNote = authorsNote;
    }

    /// <summary>Replaces the banned-word list (blank entries dropped, duplicates ignoring case removed).</summary>
    public void ChangeBannedWords(Actor actor, IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var cleaned = words.Select(w => w.Trim()).Where(w => w.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        Refusal.ThrowIfAny(CanModerate(actor) ?? (cleaned.Length > _limits.MaxBannedWords
            ? new Refusal(RuleReason.TooLong, $"At most {_limits.MaxBannedWords} banned words are allowed.")
            : null));
        _bannedWords.Clear();
        _bannedWords.AddRange(cleaned);
    }

    /// <summary>Adds a story card.</summary>
    public StoryCard AddStoryCard(Actor actor, string title, IEnumerable<string> keys, string text, bool enabled = true)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var card = new StoryCard(Guid.CreateVersion7(), title, CleanKeys(keys), text, enabled);
        Refusal.ThrowIfAny(CanModerate(actor) ?? CheckCard(card) ?? (_storyCards.Count >= _limits.MaxStoryCards
            ? new Refusal(RuleReason.TooLong, $"At most {_limits.MaxStoryCards} story cards are allowed.")
            : null));
        _storyCards.Add(card);
        return card;
    }

    /// <summary>Replaces the story card with the same id.</summary>
    public void UpdateStoryCard(Actor actor, StoryCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var cleaned = card with { Keys = CleanKeys(card.Keys) };
        var index = _storyCards.FindIndex(c => c.Id == card.Id);
        Refusal.ThrowIfAny(CanModerate(actor) ?? (index < 0 ? new Refusal(RuleReason.NotFound, "There is no such story card.") : null) ?? CheckCard(cleaned));
        _storyCards[index] = cleaned;
    }

    /// <summary>Removes a story card.</summary>
    public void RemoveStoryCard(Actor actor, Guid cardId)
    {
        Refusal.ThrowIfAny(CanModerate(actor));
        if (_storyCards.RemoveAll(c => c.Id == cardId) == 0)
        {
            throw new GameRuleException(RuleReason.NotFound, "There is no such story card.");
        }
    }

    Refusal? CheckCard(StoryCard card) =>
        CheckText(card.Title, _limits.MaxTitleLength, "The card's title", allowEmpty: false)
        ?? CheckText(card.Text, _limits.MaxStoryCardLength, "The card's text", allowEmpty: true);

    static string[] CleanKeys(IEnumerable<string> keys) =>
        keys.Select(k => k.Trim()).Where(k => k.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
}
