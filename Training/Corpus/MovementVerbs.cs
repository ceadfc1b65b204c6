namespace AdventureServer.Training.Corpus;

/// <summary>
/// Verbs that move the player or their body: running, entering, climbing, hiding, sneaking, looking
/// around. Running and entering change where the player is, so later turns do not send them where they are.
/// </summary>
internal static class MovementVerbs
{
    public static readonly VerbRule Climb = new(
        TurnKind.Do,
        (w, v) => w.BindThing(v, t => t.Can(Affordance.Climb)),
        ["You climb {the}.", "You climb up {the}.", "You try to climb {thex}."],
        ["You climb {the} hand over hand. From the top you can see all of the {place}.", "You scramble up {the} and pull yourself over the edge."],
        ["You start to climb {the}, but your foot slips and you fall back to the ground.", "{The} is too smooth to climb. You slide back down."],
        ["Halfway up {the}, you find {loot} wedged into a crack.", "As you climb {the}, it groans and begins to sway beneath you!"]);

    public static readonly VerbRule RunTo = new(
        TurnKind.Do,
        (w, v) => w.BindPlace(v),
        ["You run toward the {place}.", "You run to the {place}."],
        ["You run toward the {place} as fast as you can and arrive out of breath.", "You sprint into the {place}. {atmos}"],
        ["You run toward the {place}, but {a_creature} blocks your way.", "You run for the {place}, but you trip and fall hard."],
        ["You run toward the {place} and almost collide with {name}, who is coming the other way."]) { Moves = true };

    public static readonly VerbRule RunFrom = new(
        TurnKind.Do,
        (w, v) => w.BindThing(v, t => t.Can(Affordance.Attack)),
        ["You run away from {the}.", "You run from {the}."],
        ["You run from {the} and do not stop until you reach the {place}.", "You turn and run. {The} gives chase for a while, then loses interest."],
        ["You try to run from {the}, but it is faster than you and cuts you off."],
        ["As you run from {the}, you realize it is not chasing you at all. It is running too."]);

    public static readonly VerbRule Enter = new(
        TurnKind.Do,
        (w, v) => w.BindPlace(v),
        ["You walk into the {place}.", "You go to the {place}.", "You enter the {place}."],
        ["You walk into the {place}. {atmos}", "The {place} is quiet when you enter. {atmos}", "You make your way to the {place}. It is smaller than you remembered."],
        ["You try to enter the {place}, but the way is blocked.", "A guard stops you at the entrance to the {place}. \"No one goes in,\" the guard says."],
        ["As you enter the {place}, {name} steps out of the shadows to meet you."]) { Moves = true };

    public static readonly VerbRule LookAround = new(
        TurnKind.Do,
        (w, v) => w.BindHere(v),
        ["You look around the {place}.", "You take a look around the {place}.", "You search the {place} with your eyes."],
        ["You look around the {place}. {atmos}", "The {place} is {placemood}. In one corner, you notice {a_thing}.", "You look around the {place}, but you are alone here. {atmos}"],
        ["It is too dark to see much of the {place}."],
        ["As you look around the {place}, you notice {name} watching you from the shadows."]);

    public static readonly VerbRule Hide = new(
        TurnKind.Do,
        (w, v) => w.BindThing(v, t => t.Can(Affordance.Climb) || t.Can(Affordance.Open | Affordance.Search) || DoVerbs.IsPassage(t)),
        ["You hide behind {the}.", "You duck behind {thex}."],
        ["You hide behind {the} and hold your breath. {name} walks right past without seeing you.", "You crouch behind {the} and wait until the footsteps fade."],
        ["You try to hide behind {the}, but {name} has already seen you. \"Come out,\" {name} says."],
        ["You duck behind {the} and find someone already hiding there: {name}, pale and trembling."]);

    public static readonly VerbRule SneakPast = new(
        TurnKind.Do,
        (w, v) => w.BindThing(v, t => t.Can(Affordance.Attack)),
        ["You sneak past {the}.", "You try to sneak past {thex}."],
        ["You creep past {the} without making a sound.", "Step by careful step, you slip past {the}. It never notices you."],
        ["You try to sneak past {the}, but a loose stone gives you away. {The} turns toward you!"],
        ["You sneak past {the}, only to find that it was asleep all along."]);

    public static readonly VerbRule[] All = [RunTo, RunFrom, Enter, Climb, LookAround, Hide, SneakPast];
}
