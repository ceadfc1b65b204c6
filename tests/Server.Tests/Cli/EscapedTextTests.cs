using AdventureServer.Server.Cli;

namespace AdventureServer.Server.Tests.Cli;

public class EscapedTextTests
{
    [TestCase(@"\n>", "\n>")]
    [TestCase(@"a\tb\r\n", "a\tb\r\n")]
    [TestCase(@"\\n", @"\n")]
    [TestCase(@"say \""hi\""", "say \"hi\"")]
    [TestCase(@"\u00e9t\u00E9", "été")]
    [TestCase("plain", "plain")]
    public void The_usual_escapes_become_the_characters_they_name(string given, string meant) =>
        Assert.That(EscapedText.Unescape(given), Is.EqualTo(meant));

    [TestCase(@"C:\path", @"C:\path")]
    [TestCase(@"end\", @"end\")]
    [TestCase(@"\u12", @"\u12")]
    [TestCase(@"\uZZZZ", @"\uZZZZ")]
    public void A_backslash_before_anything_else_stays(string given, string meant) =>
        Assert.That(EscapedText.Unescape(given), Is.EqualTo(meant));
}
