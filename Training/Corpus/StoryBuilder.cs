using System.Text.RegularExpressions;
using AdventureServer.Game.Story;
using AdventureServer.Game.Text;

namespace AdventureServer.Training.Corpus;

/// <summary>
/// Writes one story of a setting: an opening, then 3–8 answered actions. A share of the stories are a party's:
/// two or three named characters take turns, and the actions and narration are in the third person, as the
/// game frames a party adventure.
/// </summary>
internal static partial class StoryBuilder
{
    private const double SayShare = 0.25;
    private const double SuccessShare = 0.6;
    private const double FailureShare = 0.25;
    private const double FollowUpShare = 0.3;
    private const int MaxSentences = 4;
    private const double PartyShare = 0.3;

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
        var party = random.NextDouble() < PartyShare
            ? PartyNames.All.OrderBy(_ => random.Next()).Take(random.Next(2, 4)).ToArray()
            : [];
        var opening = Opening(world);
        if (party.Length > 0)
        {
            var lines = ActionFraming.ToThirdPerson(opening, party[0]).Split('\n');
            var companions = string.Join(" and ", party.Skip(1));
            lines[0] += $" {companions} {(party.Length == 2 ? "travels" : "travel")} with {party[0]}.";
            opening = string.Join('\n', lines);
        }

        var turns = new List<StoryTurn>();
        var count = random.Next(3, 9);
        var first = random.Next(party.Length + 1);
        while (turns.Count < count)
        {
            var actor = party.Length == 0 ? null : party[(first + turns.Count) % party.Length];
            if (Turn(world, actor) is { } turn)
            {
                turns.Add(turn);
            }
        }

        return new GeneratedStory(setting.Name, opening, turns, party);
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

    private static StoryTurn? Turn(StoryWorld world, string? actor)
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

        var kind = rule.Kind == TurnKind.Say ? ActionKind.Say : ActionKind.Do;
        var line = ActionFraming.Frame(kind, PlayerTyping.Of(rule.Kind, action), actor);
        if (actor is not null)
        {
            continuation = ActionFraming.ToThirdPerson(continuation, actor);
        }

        return new StoryTurn(rule.Kind, line, continuation, subject, actor);
    }

    // Terminal punctuation, perhaps closing a quote, before the end or a new sentence ("Hello," is no end).
    [GeneratedRegex("[.!?]\"?(?=\\s+[\"A-Z]|$)")]
    private static partial Regex SentenceEnd();
}
