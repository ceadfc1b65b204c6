using static AdventureServer.Training.Corpus.Affordance;

namespace AdventureServer.Training.Corpus;

/// <summary>
/// The worlds stories are set in. Adjectives must read well both before the noun ("the rusty key")
/// and after "It is" ("It is rusty"), since the grammar uses both.
/// </summary>
internal static partial class SettingCatalog
{
    public static readonly Setting[] All =
        [Castle, Forest, HauntedManor, Monastery, DesertTown, PirateShip, UnderwaterCity, Spaceship, CyberpunkMarket];

    private static Thing T(string noun, string adjective, Affordance uses) => new(noun, adjective, uses);

    private static Character C(string name, string role) => new(name, role);

    private const Affordance Container = Open | Search;
    private const Affordance Food = Eat | Take;
    private const Affordance Text = Read | Take;
}
