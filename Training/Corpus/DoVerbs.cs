namespace AdventureServer.Training.Corpus;

/// <summary>
/// The Do verbs. Every answer names what was acted on ({the}, {name} or the {place}), because the
/// point of the corpus is a model that answers the action it was given.
/// </summary>
internal static class DoVerbs
{
    public static bool IsPassage(Thing t) => t.Can(Affordance.Open) && !t.Can(Affordance.Search);

    private static bool IsContainer(Thing t) => t.Can(Affordance.Open | Affordance.Search);

    public static readonly VerbRule OpenPassage = new(
        TurnKind.Do,
        (w, v) => w.BindThing(v, IsPassage),
        ["You open {the}.", "You open {thex}.", "You try to open {the}.", "You carefully open {the}.", "You push {the} open."],
        ["You open {the}. Beyond it lies the {place}.", "{The} swings open with a long creak, revealing the {place}.",
         "You push {the} open and step through into the {place}. {atmos}", "You open {the} slowly. On the other side, {name} the {role} is waiting for you."],
        ["You pull at {the}, but it will not budge.", "{The} is locked tight. You will need a key to open it.",
         "You try to open {the}, but it is stuck fast. Something on the other side is holding it shut."],
        ["As you open {the}, {a_creature} bursts through and lunges at you!", "The moment you touch {the}, it opens by itself, as if someone had been expecting you.",
         "You open {the} and find a second, smaller {noun} behind it. Someone did not want visitors."]);

    public static readonly VerbRule OpenContainer = new(
        TurnKind.Do,
        (w, v) => w.BindThing(v, IsContainer),
        ["You open {the}.", "You open {thex}.", "You lift the lid of {the}.", "You try to open {the}."],
        ["You open {the}. Inside you find {loot}.", "{The} opens with a dull click. Inside, wrapped in old cloth, lies {loot}.",
         "You lift the lid of {the} and find {loot} resting at the bottom."],
        ["You try to open {the}, but the lock holds firm.", "{The} will not open. The hinges have rusted solid.",
         "You pry at {the} until your fingers ache, but it stays shut."],
        ["As you open {the}, {a_creature} leaps out and hisses at you!", "You open {the}, and a cloud of dust pours out. When it clears, you see {loot} inside.",
         "You open {the}, but it is empty. Someone has scratched your name into the bottom of {the}."]);

    public static readonly VerbRule Take = new(
        TurnKind.Do,
        (w, v) => w.BindThing(v, t => t.Can(Affordance.Take)),
        ["You take {the}.", "You pick up {the}.", "You grab {thex}.", "You take {the} and put it in your pack.", "You quietly take {the}."],
        ["You take {the} and tuck it into your pack.", "You pick up {the}. It is heavier than it looks.",
         "You take {the}. It is {adj}, but it may still be useful.", "You slip {the} into your pocket before anyone notices."],
        ["You reach for {the}, but it is fastened down and will not come loose.",
         "You try to take {the}, but {name} snatches it away first. \"That is not yours,\" {name} says.",
         "{The} slips from your fingers and clatters across the floor."],
        ["As you take {the}, a hidden mechanism clicks somewhere beneath your feet.", "You take {the}, and it begins to glow faintly in your hand.",
         "You pick up {the} and find {loot} hidden underneath it."]);

    public static readonly VerbRule LookAt = new(
        TurnKind.Do,
        (w, v) => w.BindThing(v, t => !t.Can(Affordance.Attack)),
        ["You look at {the}.", "You examine {the}.", "You look closely at {the}.", "You study {thex}.", "You inspect {the}."],
        ["You look at {the}. It is {adj}, and someone has scratched a small symbol into its side.",
         "{The} is {adj} and old. Looking closer, you notice {loot} hidden behind it.",
         "You study {the} for a long moment. It is {adj}, and nothing about it seems out of place.",
         "You examine {the}. It looks {adj}, as if no one has touched it in years."],
        ["It is too dark to make out much of {the}.", "You look at {the}, but you cannot see anything unusual about it."],
        ["As you look at {the}, you realize it is not what it seems. Beneath the surface, {the} hides {loot}.",
         "You look at {the}, and for a moment you could swear it moved."]);

    public static readonly VerbRule AttackCreature = new(
        TurnKind.Do,
        (w, v) => w.BindThing(v, t => t.Can(Affordance.Attack)),
        ["You attack {the}.", "You attack {the} with your {weapon}.", "You swing your {weapon} at {the}.", "You charge at {thex}."],
        ["You strike {the} hard, and it staggers back with a howl.", "Your {weapon} catches {the} across the side. It collapses and does not get up.",
         "You attack {the}. It fights back fiercely, but after a short struggle it flees toward the {place}."],
        ["You swing at {the}, but it dodges easily and turns to face you again.", "{The} is faster than you. It knocks your {weapon} from your hand.",
         "You attack {the}, but your blow glances off harmlessly. Now it is angry."],
        ["You raise your {weapon} to attack {the}, but it lowers its head and backs away. It does not want to fight.",
         "Before you can reach {the}, {name} the {role} steps between you. \"Not here,\" {name} says."]);

    public static readonly VerbRule AttackCharacter = new(
        TurnKind.Do,
        (w, v) => w.BindCharacter(v),
        ["You attack {name}.", "You attack {name} with your {weapon}.", "You lunge at {name}."],
        ["{name} cries out as your blow lands and stumbles back against the wall.", "You catch {name} off guard. {name} falls to the ground and raises both hands in surrender."],
        ["{name} easily blocks your attack. \"You will regret that,\" {name} says coldly.", "{name} steps aside, and you stumble past into empty air."],
        ["You lunge at {name}, but {name} only laughs. \"I wondered when you would try that,\" {name} says."]);

    public static readonly VerbRule TalkTo = new(
        TurnKind.Do,
        (w, v) => w.BindCharacter(v),
        ["You talk to {name}.", "You talk to {name} the {role}.", "You greet {name}.", "You walk over to {name} and start talking."],
        ["{name} nods slowly. \"{line}\"", "\"{line}\" {name} says, glancing toward the {place}.", "{name} the {role} smiles at you. \"{line}\""],
        ["{name} turns away and refuses to speak with you.", "{name} only shakes their head. \"Not now. Come back later.\""],
        ["{name} grabs your arm before you can say a word. \"Quiet! Someone is listening,\" {name} whispers."]);

    public static readonly VerbRule AskAbout = new(
        TurnKind.Do,
        (w, v) => w.BindThing(v, t => !t.Can(Affordance.Attack)) is { } noun
            ? Ask(w, v, noun)
            : null,
        ["You ask {name} about {the}.", "You ask {name} the {role} about {the}."],
        ["{name} frowns. \"{The}? It has been here longer than I have.\"", "\"Ah, {the},\" {name} says. \"Look for it near the {place}.\"",
         "{name} leans closer. \"Do not touch {the}. It belongs to someone dangerous.\""],
        ["{name} shrugs. \"I know nothing about {the}.\""],
        ["At the mention of {the}, {name} goes pale. \"Who told you about that?\""]);

    public static readonly VerbRule Search = new(
        TurnKind.Do,
        (w, v) => w.BindThing(v, t => t.Can(Affordance.Search)),
        ["You search {the}.", "You search {the} carefully.", "You search {thex}."],
        ["You search {the} and find {loot}.", "You search {the} carefully. Hidden at the back, you find {loot}."],
        ["You search {the}, but there is nothing inside except dust.", "You search {the} thoroughly but find nothing of use."],
        ["As you search {the}, something moves inside it. {A_creature} scrambles out!"]);

    public static readonly VerbRule Eat = new(
        TurnKind.Do,
        (w, v) => w.BindThing(v, t => t.Can(Affordance.Eat)),
        ["You eat {the}.", "You take a bite of {the}.", "You eat some of {thex}."],
        ["You eat {the}. It tastes better than you expected, and you feel your strength return.", "You take a bite of {the}. It is {adj}, but filling."],
        ["You bite into {the} and spit it out at once. It has gone bad."],
        ["You eat {the}, and a warm tingling spreads through your body. For a moment, everything seems brighter."]);

    public static readonly VerbRule Read = new(
        TurnKind.Do,
        (w, v) => w.BindThing(v, t => t.Can(Affordance.Read)),
        ["You read {the}.", "You read {thex}.", "You read what is written on {the}."],
        ["You read {the}. It is a list of names, and the last one is {name}.", "The words in {the} are faded, but you can make out a warning: \"Do not go to the {place} after dark.\"",
         "You read {the} carefully. It describes a hidden way into the {place}."],
        ["You try to read {the}, but it is written in a language you do not know.", "The words on {the} are too faded to make out."],
        ["As you read {the} aloud, the words begin to glow and fade away."]);

    public static readonly VerbRule Cast = new(
        TurnKind.Do,
        (w, v) => w.Setting.Spells.Length == 0 ? null : w.BindThing(v, t => t.Can(Affordance.Attack)),
        ["You cast {spell} at {the}.", "You raise your hands and cast {spell} at {the}."],
        ["You cast {spell} at {the}. It strikes true, and {the} is thrown back.", "Your spell hits {the} squarely. {The} lets out a cry and flees."],
        ["You cast {spell}, but the magic fizzles before it reaches {the}."],
        ["Your spell hits {the}, but instead of harming it, the magic makes it grow larger."]);

    public static readonly VerbRule Give = new(
        TurnKind.Do,
        (w, v) => w.BindThing(v, t => t.Can(Affordance.Take)) is null ? null : w.BindCharacter(v),
        ["You give {the} to {name}.", "You offer {the} to {name}."],
        ["{name} takes {the} and turns it over in their hands. \"Thank you,\" {name} says.", "{name} accepts {the} with a small bow. \"I will not forget this.\""],
        ["{name} pushes {the} back into your hands. \"I do not want it.\""],
        ["{name} stares at {the} in shock. \"Where did you find this?\" {name} whispers."]);

    public static readonly VerbRule ListenAt = new(
        TurnKind.Do,
        (w, v) => w.BindThing(v, IsPassage),
        ["You listen at {the}.", "You press your ear to {the}."],
        ["You press your ear to {the}. On the other side, someone is whispering your name.", "You listen at {the} and hear footsteps moving away."],
        ["You listen at {the}, but you hear nothing at all."],
        ["As you listen at {the}, it suddenly flies open, and you stumble forward!"]);

    public static readonly VerbRule UseOn = new(
        TurnKind.Do,
        (w, v) => BindTool(w, v) ? w.BindThing(v, t => IsPassage(t) || IsContainer(t)) : null,
        ["You use {tool} on {the}.", "You try {tool} on {the}."],
        ["You use {tool} on {the}. With a click, {the} swings open.", "It takes some effort, but {tool} does the trick, and {the} opens."],
        ["You try {tool} on {the}, but nothing happens."],
        ["{Tool} snaps in two as you use it on {the}!"]);

    public static readonly VerbRule[] All =
        [OpenPassage, OpenContainer, Take, LookAt, AttackCreature, AttackCharacter, TalkTo, AskAbout, Search, Eat, Read, Cast, Give, ListenAt, UseOn];

    private static bool BindTool(StoryWorld world, Dictionary<string, string> values)
    {
        var tools = world.Setting.Things.Where(t => t.Can(Affordance.Tool)).ToArray();
        if (tools.Length == 0)
        {
            return false;
        }

        var tool = world.Random.Pick(tools);
        values["tool"] = "the " + tool.Noun;
        values["Tool"] = "The " + tool.Noun;
        return true;
    }

    private static string Ask(StoryWorld world, Dictionary<string, string> values, string noun)
    {
        world.BindCharacter(values);
        return noun;
    }
}
