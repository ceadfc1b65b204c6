using AdventureServer.Game.Story;
using AdventureServer.Game.Text;

namespace AdventureServer.Game.Tests.Text;

public class ThirdPersonFramingTests
{
    [TestCase("open the door", "> Mira opens the door.")]
    [TestCase("I open my door", "> Mira opens their door.")]
    [TestCase("You open your door", "> Mira opens their door.")]
    [TestCase("I carefully open the chest", "> Mira carefully opens the chest.")]
    [TestCase("I try to open the gate", "> Mira tries to open the gate.")]
    [TestCase("I search the room and take the key", "> Mira searches the room and takes the key.")]
    [TestCase("take the sword and shield", "> Mira takes the sword and shield.")]
    [TestCase("I go north", "> Mira goes north.")]
    [TestCase("I am tired", "> Mira is tired.")]
    [TestCase("I'm hungry, so I eat my bread", "> Mira is hungry, so they eat their bread.")]
    [TestCase("I have a plan", "> Mira has a plan.")]
    [TestCase("I can see the tower", "> Mira can see the tower.")]
    [TestCase("Suddenly I jump. I land", "> Suddenly Mira jumps. They land.")]
    [TestCase("Bob hands me the map", "> Bob hands them the map.")]
    [TestCase("I hurt myself", "> Mira hurts themselves.")]
    [TestCase("the sword is mine", "> The sword is theirs.")]
    [TestCase("I look around the old mine", "> Mira looks around the old mine.")]
    [TestCase("I shout \"I am here!\"", "> Mira shouts \"I am here!\"")]
    [TestCase("Mira waves", "> Mira waves.")]
    [TestCase("> I look", "> Mira looks.")]
    [TestCase("I watch the road", "> Mira watches the road.")]
    public void Do_in_a_party_names_the_character_and_conjugates_the_verb(string typed, string framed)
    {
        Assert.That(ActionFraming.Frame(ActionKind.Do, typed, "Mira"), Is.EqualTo(framed));
    }

    [TestCase("Run", "> Tomas says \"Run.\"")]
    [TestCase("\"Who goes there?\"", "> Tomas says \"Who goes there?\"")]
    [TestCase("I am lost.", "> Tomas says \"I am lost.\"")]
    public void Say_in_a_party_names_the_speaker_and_keeps_the_words(string typed, string framed)
    {
        Assert.That(ActionFraming.Frame(ActionKind.Say, typed, "Tomas"), Is.EqualTo(framed));
    }

    [TestCase(null)]
    [TestCase("   ")]
    public void Without_a_character_name_the_action_stays_in_the_second_person(string? name)
    {
        Assert.That(ActionFraming.Frame(ActionKind.Do, "I open my door", name), Is.EqualTo("> You open your door."));
        Assert.That(ActionFraming.Frame(ActionKind.Say, "Run", name), Is.EqualTo("> You say \"Run.\""));
    }

    [Test]
    public void Story_and_Continue_are_the_same_in_either_person()
    {
        Assert.That(ActionFraming.Frame(ActionKind.Story, "The dragon wakes. I tremble", "Mira"), Is.EqualTo("The dragon wakes. I tremble"));
        Assert.That(ActionFraming.Frame(ActionKind.Continue, "ignored", "Mira"), Is.Empty);
    }

    [TestCase("You are a knight, and your sword is old.", "Mira is a knight, and their sword is old.")]
    [TestCase("For three days you have walked. The guard watches you.", "For three days Mira has walked. The guard watches them.")]
    [TestCase("You take the key and tuck it into your pack.", "Mira takes the key and tucks it into their pack.")]
    [TestCase("You have the feeling that you are being watched.", "Mira has the feeling that they are being watched.")]
    [TestCase("\"You there!\" the guard shouts at you.", "\"You there!\" the guard shouts at them.")]
    public void Narration_turns_into_the_third_person_for_a_party(string text, string expected)
    {
        Assert.That(ActionFraming.ToThirdPerson(text, "Mira"), Is.EqualTo(expected));
    }

    [TestCase("open", "opens")]
    [TestCase("try", "tries")]
    [TestCase("stay", "stays")]
    [TestCase("search", "searches")]
    [TestCase("fix", "fixes")]
    [TestCase("go", "goes")]
    [TestCase("have", "has")]
    [TestCase("are", "is")]
    [TestCase("will", "will")]
    [TestCase("Climb", "Climbs")]
    public void Verbs_take_the_third_person_singular(string verb, string conjugated)
    {
        Assert.That(ThirdPerson.Conjugate(verb), Is.EqualTo(conjugated));
    }
}
