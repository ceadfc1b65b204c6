namespace AdventureServer.Training.Corpus;

/// <summary>
/// Generates second-person adventure stories in the game's own text format, so a small GPT-2 trained on
/// them learns the format and to answer the action it was given. Each story has its own
/// <see cref="Random"/> seeded from (seed, index), so any story can be regenerated alone and the output
/// does not depend on how many stories are asked for.
/// </summary>
public static class StoryCorpusGenerator
{
    /// <summary>GPT-2's document separator; the corpus files put it after every story.</summary>
    public const string EndOfText = "<|endoftext|>";

    /// <summary>The stories' text, in the game's format: opening, then <c>\n&gt; {action}\n{continuation}</c> per turn.</summary>
    public static IEnumerable<string> Generate(int seed, int stories) =>
        GenerateStories(seed, stories).Select(story => story.ToText());

    /// <summary>The stories with their structure: opening, turns and each turn's subject.</summary>
    public static IEnumerable<GeneratedStory> GenerateStories(int seed, int stories)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stories);
        for (var index = 0; index < stories; index++)
        {
            yield return Story(seed, index);
        }
    }

    /// <summary>Story number <paramref name="index"/> of the corpus for <paramref name="seed"/>.</summary>
    public static GeneratedStory Story(int seed, int index)
    {
        var random = new Random(StorySeed(seed, index));
        return StoryBuilder.Build(random.Pick(SettingCatalog.All), random);
    }

    /// <summary>The names of the settings stories are drawn from.</summary>
    public static IReadOnlyList<string> Settings { get; } = SettingCatalog.All.Select(s => s.Name).ToArray();

    // SplitMix64 finalizer: neighbouring (seed, index) pairs get unrelated seeds. HashCode.Combine would
    // not do, because it is randomized per process and the corpus must be the same on every run.
    private static int StorySeed(int seed, int index)
    {
        var z = ((ulong)(uint)seed << 32) | (uint)index;
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z & int.MaxValue);
    }
}
