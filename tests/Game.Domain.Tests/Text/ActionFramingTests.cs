using AdventureServer.Game.Story;
using AdventureServer.Game.Text;

namespace AdventureServer.Game.Tests.Text;

public class ActionFramingTests
{
    [TestCase("I open my door", "> You open your door.")]
    [TestCase("I open the door.", "> You open the door.")]
    [TestCase("I'm hungry, so I eat my bread", "> You're hungry, so you eat your bread.")]
    [TestCase("I am tired", "> You are tired.")]
    [TestCase("I was a knight", "> You were a knight.")]
    [TestCase("the sword is mine", "> The sword is yours.")]
    [TestCase("a friend of mine waves", "> A friend of yours waves.")]
    [TestCase("I enter the old mine", "> You enter the old mine.")]
    [TestCase("open my door", "> You open your door.")]
    [TestCase("I hurt myself", "> You hurt yourself.")]
    [TestCase("Tom gives me the key!", "> Tom gives you the key!")]
    [TestCase("open the door", "> You open the door.")]
    [TestCase("Suddenly I jump. I land", "> Suddenly you jump. You land.")]
    [TestCase("Bob hands me the map", "> Bob hands you the map.")]
    [TestCase("I shout \"I am here!\"", "> You shout \"I am here!\"")]
    [TestCase("  My sword glows  ", "> Your sword glows.")]
    [TestCase("I’m cold", "> You’re cold.")]
    [TestCase("> I look", "> You look.")]
    public void Do_turns_first_person_into_second_person_outside_quotes(string typed, string framed)
    {
        Assert.That(ActionFraming.Frame(ActionKind.Do, typed), Is.EqualTo(framed));
    }

    [Test]
    public void Do_does_not_touch_words_that_merely_contain_first_person_pronouns()
    {
        Assert.That(ActionFraming.Frame(ActionKind.Do, "I admire my image in the mirror"), Is.EqualTo("> You admire your image in the mirror."));
    }

    [TestCase("Hello", "> You say \"Hello.\"")]
    [TestCase("\"Hello\"", "> You say \"Hello.\"")]
    [TestCase("“Who goes there?”", "> You say \"Who goes there?\"")]
    [TestCase("hello there!", "> You say \"Hello there!\"")]
    [TestCase("  I am lost.  ", "> You say \"I am lost.\"")]
    public void Say_wraps_the_words_in_quotes_and_ends_the_sentence_inside_them(string typed, string framed)
    {
        Assert.That(ActionFraming.Frame(ActionKind.Say, typed), Is.EqualTo(framed));
    }

    [Test]
    public void Story_is_kept_as_typed_and_Continue_is_empty()
    {
        Assert.That(ActionFraming.Frame(ActionKind.Story, "The dragon wakes up. I tremble"), Is.EqualTo("The dragon wakes up. I tremble"));
        Assert.That(ActionFraming.Frame(ActionKind.Continue, "ignored"), Is.Empty);
    }
}
