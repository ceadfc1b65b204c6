namespace AdventureServer.Server.Hubs.Contracts;

/// <summary>
/// What the model saw on the adventure's last turn (the host's context view): the exact prompt, and the same text
/// split into memory, triggered story cards, author's note and story, with token counts and what was left out.
/// </summary>
/// <param name="AdventureId">The adventure.</param>
/// <param name="BuiltAt">When the prompt was built (the last action or retry).</param>
/// <param name="Prompt">The whole prompt, exactly as sent to the model.</param>
/// <param name="TokenCount">The whole prompt's tokens.</param>
/// <param name="Budget">The tokens the prompt could have: the model's window less the tokens to generate.</param>
/// <param name="Memory">The memory at the top.</param>
/// <param name="Cards">The story cards that went in, each with the key that triggered it.</param>
/// <param name="AuthorsNote">The author's note as inserted.</param>
/// <param name="Story">The story blocks that went in.</param>
/// <param name="BlocksLeftOut">Older story blocks left out to fit the window.</param>
/// <param name="FirstBlockCut">True when only the end of the oldest block in the prompt fit.</param>
public sealed record ContextView(
    Guid AdventureId,
    DateTimeOffset BuiltAt,
    string Prompt,
    int TokenCount,
    int Budget,
    ContextPartView Memory,
    IReadOnlyList<ContextCardView> Cards,
    ContextPartView AuthorsNote,
    ContextPartView Story,
    int BlocksLeftOut,
    bool FirstBlockCut);
