using System.Collections.Concurrent;
using AdventureServer.Game.Adventures;
using AdventureServer.Game.Context;

namespace AdventureServer.Server.Play;

/// <summary>
/// The prompt of each adventure's last turn, with the parts it was built from, for the host's context view.
/// Kept in memory only (a restart forgets it until the next turn): it is a window onto the engine, not story.
/// The parts are immutable strings and records the adventure already held, so keeping them costs references.
/// </summary>
public sealed class LastPrompts(TimeProvider time)
{
    readonly ConcurrentDictionary<Guid, LastPrompt> _prompts = new();

    /// <summary>Keeps <paramref name="prompt"/>, built from <paramref name="adventure"/> as it is now, as its last turn's.</summary>
    public void Record(Adventure adventure, PromptContext prompt, int budget)
    {
        ArgumentNullException.ThrowIfNull(adventure);
        ArgumentNullException.ThrowIfNull(prompt);
        var blocks = adventure.VisibleBlocks.Where(b => !b.IsWriting).Select(b => b.Text).ToArray();
        _prompts[adventure.Id] = new LastPrompt(prompt, budget, adventure.Memory, blocks, adventure.StoryCards.ToArray(), adventure.AuthorsNote, time.GetUtcNow());
    }

    /// <summary>The last turn's prompt of the adventure, or null when none was built since the server started.</summary>
    public LastPrompt? Find(Guid adventureId) => _prompts.GetValueOrDefault(adventureId);

    /// <summary>Drops a deleted adventure's prompt.</summary>
    public void Forget(Guid adventureId) => _prompts.TryRemove(adventureId, out _);
}
