namespace AdventureServer.Training.Corpus;

/// <summary>The part of a setting one story uses, and the placeholders every template may name.</summary>
internal sealed class StoryWorld
{
    private static readonly string[] PlaceMoods =
        ["quiet", "dim and silent", "colder than you expected", "strangely empty", "larger than it looked from outside"];

    public StoryWorld(Setting setting, Random random)
    {
        Setting = setting;
        Random = random;
        // A story uses a subset, so stories of one setting differ in what they are about.
        Things = setting.Things.OrderBy(_ => random.Next()).Take(Math.Max(6, setting.Things.Length * 2 / 3)).ToArray();
        Cast = setting.Characters.OrderBy(_ => random.Next()).Take(random.Next(2, 4)).ToArray();
        Hero = random.Pick(setting.Heroes);
        Here = random.Pick(setting.Places);
    }

    public Setting Setting { get; }

    public Random Random { get; }

    public IReadOnlyList<Thing> Things { get; }

    public IReadOnlyList<Character> Cast { get; }

    public string Hero { get; }

    /// <summary>Where the player is: the opening's place, then wherever they last went.</summary>
    public string Here { get; set; }

    /// <summary>Fresh random picks for the placeholders that are not the action's subject.</summary>
    public Dictionary<string, string> CommonBindings()
    {
        var creatures = Setting.Things.Where(t => t.Can(Affordance.Attack)).ToArray();
        var creature = Random.Pick(creatures);
        var speaker = Random.Pick(Cast);
        var place = Random.Pick(Setting.Places);
        var thing = Random.Pick(Things.Where(t => !t.Can(Affordance.Attack)).ToArray());
        var otherPlace = Random.Pick(Setting.Places.Where(p => p != place).ToArray());
        var aCreature = Template.WithArticle($"{creature.Adjective} {creature.Noun}");
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["hero"] = Hero,
            ["place"] = place,
            ["otherplace"] = otherPlace,
            ["loot"] = Random.Pick(Setting.Loot),
            ["name"] = speaker.Name,
            ["role"] = speaker.Role,
            ["creature"] = creature.Noun,
            ["a_creature"] = aCreature,
            ["A_creature"] = Template.Capitalize(aCreature),
            ["weapon"] = Random.Pick(Setting.Weapons),
            ["spell"] = Setting.Spells.Length == 0 ? "" : Random.Pick(Setting.Spells),
            ["atmos"] = Random.Pick(Setting.Atmosphere),
            ["line"] = Random.Pick(SayVerbs.IdleLines),
            ["a_thing"] = Template.WithArticle($"{thing.Adjective} {thing.Noun}"),
            ["placemood"] = Random.Pick(PlaceMoods),
        };
    }

    /// <summary>A thing the verb can act on, bound as {the}, {The}, {thex}, {noun} and {adj}; its noun is the subject.</summary>
    public string? BindThing(Dictionary<string, string> values, Func<Thing, bool> fits)
    {
        var candidates = Things.Where(fits).ToArray();
        if (candidates.Length == 0)
        {
            return null;
        }

        var thing = Random.Pick(candidates);
        values["noun"] = thing.Noun;
        values["adj"] = thing.Adjective;
        values["the"] = "the " + thing.Noun;
        values["The"] = "The " + thing.Noun;
        values["thex"] = $"the {thing.Adjective} {thing.Noun}";
        return thing.Noun;
    }

    /// <summary>A member of the cast, bound as {name} and {role}; the name is the subject.</summary>
    public string BindCharacter(Dictionary<string, string> values)
    {
        var character = Random.Pick(Cast);
        values["name"] = character.Name;
        values["role"] = character.Role;
        return character.Name;
    }

    /// <summary>A place other than where the player is, bound as {place}; it is the subject.</summary>
    public string BindPlace(Dictionary<string, string> values)
    {
        var place = Random.Pick(Setting.Places.Where(p => p != Here).ToArray());
        values["place"] = place;
        values["otherplace"] = Random.Pick(Setting.Places.Where(p => p != place).ToArray());
        return place;
    }

    /// <summary>Where the player is, bound as {place}; it is the subject.</summary>
    public string BindHere(Dictionary<string, string> values)
    {
        values["place"] = Here;
        values["otherplace"] = Random.Pick(Setting.Places.Where(p => p != Here).ToArray());
        return Here;
    }
}
