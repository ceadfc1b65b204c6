namespace AdventureServer.Training.Corpus;

/// <summary>An object or creature in a setting. <paramref name="Noun"/> is what the continuation must name.</summary>
internal sealed record Thing(string Noun, string Adjective, Affordance Uses)
{
    public bool Can(Affordance use) => (Uses & use) == use;
}
