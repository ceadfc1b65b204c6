namespace AdventureServer.Training.Corpus;

/// <summary>
/// Say actions (<c>You say "..."</c>). The subject is the character addressed by name, and the answer
/// is that character replying in quotes, so the model learns that speech gets an answer.
/// </summary>
internal static class SayVerbs
{
    /// <summary>
    /// Things a character says when nothing in particular is asked; they may name places and creatures. One
    /// sentence each, since they go inside replies that already have one.
    /// </summary>
    public static readonly string[] IdleLines =
    [
        "I have not seen anyone come through the {place} in days.",
        "Be careful, there is {a_creature} somewhere near the {place}.",
        "If you want my advice, stay away from the {otherplace}.",
        "I cannot help you today.",
        "You are not from around here, are you?",
        "Strange things have been happening since you arrived.",
        "The {place} was not always like this; once, it was beautiful.",
        "Keep your voice down, because the walls have ears.",
    ];

    private static string? Addressee(StoryWorld world, Dictionary<string, string> values) => world.BindCharacter(values);

    public static readonly VerbRule Greet = new(
        TurnKind.Say,
        Addressee,
        ["You say \"Hello, {name}.\"", "You say \"Good to see you, {name}.\"", "You say \"{name}! I was hoping to find you here.\""],
        ["{name} looks up and smiles. \"Hello yourself. {line}\"", "\"Ah, it is you,\" {name} says. \"{line}\""],
        ["{name} ignores you and keeps working. \"Not now,\" {name} mutters.", "{name} glares at you. \"I have nothing to say to you.\""],
        ["{name} jumps at the sound of your voice. \"You startled me! {line}\""]);

    public static readonly VerbRule AskWhere = new(
        TurnKind.Say,
        (w, v) => w.BindThing(v, t => !t.Can(Affordance.Attack)) is null ? null : Addressee(w, v),
        ["You say \"{name}, where can I find {the}?\"", "You say \"Have you seen {the}, {name}?\""],
        ["\"{The}?\" {name} says. \"Try the {place}. That is where I saw it last.\"", "{name} points toward the {place}. \"You will find {the} there.\""],
        ["{name} shakes their head. \"I have never heard of {the}.\""],
        ["{name} laughs. \"{The}? You are standing right next to it!\""]);

    public static readonly VerbRule AskWay = new(
        TurnKind.Say,
        (w, v) => { w.BindPlace(v); return Addressee(w, v); },
        ["You say \"{name}, how do I get to the {place}?\"", "You say \"Which way to the {place}, {name}?\""],
        ["\"The {place}? Follow me,\" {name} says, and leads you there.", "{name} points the way. \"The {place} is past the {otherplace}. You cannot miss it.\""],
        ["\"The {place} is closed to strangers,\" {name} says flatly."],
        ["{name} goes quiet. \"Nobody who goes to the {place} comes back the same,\" {name} says at last."]);

    public static readonly VerbRule Thank = new(
        TurnKind.Say,
        Addressee,
        ["You say \"Thank you, {name}.\"", "You say \"I owe you one, {name}.\""],
        ["\"Think nothing of it,\" {name} says.", "{name} nods. \"Just remember who helped you.\""],
        ["{name} scowls. \"Save your thanks. I did not do it for you.\""],
        ["{name} blushes and looks away. \"Anyone would have done the same.\""]);

    public static readonly VerbRule Threaten = new(
        TurnKind.Say,
        Addressee,
        ["You say \"Get out of my way, {name}!\"", "You say \"Tell me the truth, {name}, or you will regret it.\""],
        ["{name} steps back, pale. \"All right, all right! {line}\"", "{name} raises both hands. \"There is no need for that.\""],
        ["{name} does not move. \"You do not frighten me,\" {name} says."],
        ["{name} bursts out laughing. \"You sound just like your father,\" {name} says."]);

    public static readonly VerbRule AskHelp = new(
        TurnKind.Say,
        Addressee,
        ["You say \"{name}, I need your help.\"", "You say \"Will you come with me, {name}?\""],
        ["{name} thinks for a moment, then nods. \"Very well. Lead the way.\"", "\"I will help you,\" {name} says. \"But only as far as the {place}.\""],
        ["{name} shakes their head. \"I have my own troubles. Find someone else.\""],
        ["{name} is already packing a bag. \"I thought you would never ask,\" {name} says."]);

    public static readonly VerbRule[] All = [Greet, AskWhere, AskWay, Thank, Threaten, AskHelp];
}
