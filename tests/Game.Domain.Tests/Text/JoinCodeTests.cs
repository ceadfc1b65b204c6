using AdventureServer.Game.Text;

namespace AdventureServer.Game.Tests.Text;

public class JoinCodeTests
{
    [Test]
    public void Join_codes_are_six_unambiguous_characters()
    {
        var codes = Enumerable.Range(0, 500).Select(_ => JoinCode.New()).ToArray();

        Assert.That(codes, Has.All.Length.EqualTo(6));
        Assert.That(codes.SelectMany(c => c), Has.None.AnyOf('0', 'O', '1', 'I', 'L'));
        Assert.That(codes.All(JoinCode.IsWellFormed), Is.True);
        Assert.That(codes.Distinct().Count(), Is.GreaterThan(490));
    }

    [Test]
    public void Typed_codes_are_normalized_to_upper_case()
    {
        Assert.That(JoinCode.Normalize(" abc234 "), Is.EqualTo("ABC234"));
    }
}
