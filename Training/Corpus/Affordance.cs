namespace AdventureServer.Training.Corpus;

/// <summary>What a player can do with a thing; decides which verbs may name it.</summary>
[Flags]
internal enum Affordance
{
    None = 0,
    Open = 1,
    Take = 2,
    Read = 4,
    Eat = 8,
    Climb = 16,
    Search = 32,
    Attack = 64,

    /// <summary>Can be used on a door or lock (a key, a crowbar).</summary>
    Tool = 128,
}
