using AdventureServer.Game.Adventures;
using AdventureServer.Game.Rules;
using AdventureServer.Server.Hubs.Contracts;

namespace AdventureServer.Server.Play;

// The host's context view: what the model saw on the last turn.
public sealed partial class AdventureService
{
    /// <summary>
    /// The last turn's prompt, taken apart (host or game master only); refused with <c>NotFound</c> when no turn was
    /// written since the server started.
    /// </summary>
    public async Task<ContextView> ContextAsync(Actor actor, Guid adventureId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var adventure = await LoadAsync(adventureId);
        Refusal.ThrowIfAny(adventure.CanModerate(actor));
        var last = lastPrompts.Find(adventureId)
            ?? throw new GameRuleException(RuleReason.NotFound, "No turn has been written since the server started; act or retry first.");
        var b = last.Breakdown(new GeneratorTokenCounter(generator));
        return new ContextView(
            adventureId,
            last.BuiltAt,
            b.Prompt,
            b.TokenCount,
            b.Budget,
            new ContextPartView(b.Memory.Text, b.Memory.Tokens),
            b.Cards.Select(c => new ContextCardView(c.Title, c.Key, c.Text, c.Tokens)).ToArray(),
            new ContextPartView(b.AuthorsNote.Text, b.AuthorsNote.Tokens),
            new ContextPartView(b.Story.Text, b.Story.Tokens),
            b.BlocksLeftOut,
            b.FirstBlockCut);
    }
}
