using AdventureServer.Game.Text;

namespace AdventureServer.Game.Tests.Text;

public class WholeWordsTests
{
    [TestCase("The Dragon sleeps.", "dragon", true)]
    [TestCase("dragonfly", "dragon", false)]
    [TestCase("snapdragon", "dragon", false)]
    [TestCase("a dragon's egg", "dragon", true)]
    [TestCase("in New York today", "new york", true)]
    [TestCase("C++ rocks", "c++", true)]
    [TestCase("anything", "  ", false)]
    public void Words_match_whole_and_in_any_case(string text, string word, bool found)
    {
        Assert.That(WholeWords.Contains(text, word), Is.EqualTo(found));
    }
}
