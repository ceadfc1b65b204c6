using System.Text.RegularExpressions;

namespace AdventureServer.Inference.Training.Corpus;

/// <summary>Writes one story of a setting: an opening, then 3–8 answered actions.</summary>
internal static partial class StoryBuilder
{
    private const double SayShare = 0.25;
    private const double SuccessShare = 0.6;
    private const double FailureShare = 0.25;
    private const double FollowUpShare = 0.3;
    private const int MaxSentences = 4;

    private static readonly VerbRule[] DoRules = [.. DoVerbs.All, .. MovementVerbs.All];

    private static readonly string[] Introductions =
    [
        "{name} the {role} watches you from across the {place}.",
        "{name} the {role} has been waiting for you.",
        "{name}, the {role}, hurries over when you arrive.",
        "Only {name} the {role} seems glad to see you.",
    ];

    private static readonly string[] FollowUps =
    [
        "{atmos}",
        "{bystander} watches you without a word.",
        "You have the feeling that you are being watched.",
        "You wonder what to do next.",
    ];

    public static GeneratedStory Build(Setting setting, Random random)
    {
        var world = new StoryWorld(setting, random);
        var opening = Opening(world);
        var turns = new List<StoryTurn>();
        var count = random.Next(3, 9);
        while (turns.Count < count)
        {
            if (Turn(world) is { } turn)
            {
                turns.Add(turn);
            }
        }

        return new GeneratedStory(setting.Name, opening, turns);
    }

    private static string Opening(StoryWorld world)
    {
        var random = world.Random;
        var values = world.CommonBindings();
        world.BindHere(values);
        var first = Template.Fill(random.Pick(world.Setting.Openings), values) + " " + values["atmos"];
        if (random.NextDouble() < 0.5)
        {
            return first;
        }

        // A second paragraph introduces someone, so stories also open on two narration lines.
        world.BindCharacter(values);
        return first + "\n" + Template.Capitalize(Template.Fill(random.Pick(Introductions), values));
    }

    private static StoryTurn? Turn(StoryWorld world)
    {
        var random = world.Random;
        var rule = random.Pick(random.NextDouble() < SayShare ? SayVerbs.All : DoRules);
        var values = world.CommonBindings();
        if (rule.Target(world, values) is not { } subject)
        {
            return null;
        }

        var action = Template.Fill(random.Pick(rule.Actions), values);
        var roll = random.NextDouble();
        var answers = roll < SuccessShare ? rule.Success : roll < SuccessShare + FailureShare ? rule.Failure : rule.Surprise;
        var continuation = Template.Capitalize(Template.Fill(random.Pick(answers), values));
        // Someone other than the one just acted on, or "Mira says... Mira watches you" reads oddly.
        values["bystander"] = random.Pick(world.Cast.Where(c => c.Name != values["name"]).Select(c => c.Name).DefaultIfEmpty("Someone").ToArray());
        if (random.NextDouble() < FollowUpShare && SentenceEnd().Count(continuation) < MaxSentences
            && !continuation.Contains(values["atmos"], StringComparison.Ordinal))
        {
            continuation += " " + Template.Capitalize(Template.Fill(random.Pick(FollowUps), values));
        }

        if (rule.Moves && answers != rule.Failure)
        {
            world.Here = values["place"];
        }

        return new StoryTurn(rule.Kind, action, continuation, subject);
    }

    // Terminal punctuation, perhaps closing a quote, before the end or a new sentence ("Hello," is no end).
    [GeneratedRegex("[.!?]\"?(?=\\s+[\"A-Z]|$)")]
    private static partial Regex SentenceEnd();
}
