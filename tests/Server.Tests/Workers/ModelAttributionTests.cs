using AdventureServer.LoadTest.Measuring;
using AdventureServer.LoadTest.Players;

namespace AdventureServer.Server.Tests.Workers;

// The load tester's count of which model wrote each continuation, from what the party's members were told.
public sealed class ModelAttributionTests
{
    static StreamObservation Ended(Guid block, string text, string? model) => new(block, [1], text, text, 1, false, false, 0, model);

    static PlayerObservation Player(string name, params StreamObservation[] streams) =>
        new(name, false, streams.GroupBy(s => s.BlockId).ToDictionary(g => g.Key, g => (IReadOnlyList<StreamObservation>)[.. g]));

    [Test]
    public void A_continuation_two_members_saw_counts_once_for_its_model()
    {
        var block = Guid.NewGuid();
        var models = IntegrityChecker.Check([Player("a", Ended(block, "The door opens.", "m1")), Player("b", Ended(block, "The door opens.", "m1"))]).Models;
        Assert.Multiple(() =>
        {
            Assert.That(models.ByModel, Is.EqualTo(new Dictionary<string, int> { ["m1"] = 1 }));
            Assert.That(models.Changed + models.Unattributed, Is.Zero);
        });
    }

    [Test]
    public void Members_told_different_models_flag_the_continuation_as_changed_and_a_nameless_end_with_text_as_unattributed()
    {
        Guid first = Guid.NewGuid(), second = Guid.NewGuid(), refused = Guid.NewGuid();
        var models = IntegrityChecker.Check(
        [
            Player("a", Ended(first, "x", "m1"), Ended(second, "y", null), Ended(refused, "", null)),
            Player("b", Ended(first, "x", "m2"), Ended(second, "y", null), Ended(refused, "", null)),
        ]).Models;
        Assert.Multiple(() =>
        {
            Assert.That(models.ByModel, Is.Empty);
            Assert.That(models.Changed, Is.EqualTo(1));
            Assert.That(models.Unattributed, Is.EqualTo(1), "a continuation with no text (refused before it began) needs no model");
        });
    }

    [Test]
    public void The_parties_figures_add_up()
    {
        var sum = ModelAttribution.Sum([new(new Dictionary<string, int> { ["m1"] = 2 }, 1, 0), new(new Dictionary<string, int> { ["m1"] = 1, ["m2"] = 4 }, 0, 3)]);
        Assert.Multiple(() =>
        {
            Assert.That(sum.ByModel, Is.EqualTo(new Dictionary<string, int> { ["m1"] = 3, ["m2"] = 4 }));
            Assert.That((sum.Changed, sum.Unattributed), Is.EqualTo((1, 3)));
        });
    }
}
