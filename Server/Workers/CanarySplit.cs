namespace AdventureServer.Server.Workers;

/// <summary>
/// A canary: the workers serving <see cref="Model"/> take only the adventures whose <see cref="RendezvousHash.CanaryPoint"/>
/// falls below <see cref="Share"/>, the other workers take the rest. The point depends only on the adventure's id, so an
/// adventure stays on its side for the whole canary, every front-end puts it on the same side, and raising the share
/// only moves adventures from the old side to the new.
/// </summary>
/// <param name="Model">The canary's model name, as its workers report it.</param>
/// <param name="Source">What the game master asked for (a folder, <c>hf:NAME</c>, empty for the bundled default): what a promotion rolls.</param>
/// <param name="Share">The share of adventures sent to the canary, 0 to 1.</param>
public sealed record CanarySplit(string Model, string Source, double Share)
{
    /// <summary>Whether the story's adventure is on the canary's side.</summary>
    public bool Takes(Guid storyId) => RendezvousHash.CanaryPoint(storyId) < Share;

    /// <summary>Checks the share's range (NaN and values outside 0..1 are refused).</summary>
    public static double CheckShare(double share) =>
        share is >= 0 and <= 1 ? share : throw new ArgumentOutOfRangeException(nameof(share), share, "A canary's share of adventures is from 0 to 1.");
}
