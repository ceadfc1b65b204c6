using System.Text.Json;
using AdventureServer.Game.Adventures;
using AdventureServer.Game.Rules;
using AdventureServer.Game.Story;
using AdventureServer.Server.Hubs.Contracts;
using AdventureServer.Server.Persistence;
using AdventureServer.Server.Play;
using AdventureServer.Server.Play.Grains;

namespace AdventureServer.Server.Tests.Play;

// What crosses a grain call between nodes is JSON: these check that it arrives as it left.
public class GrainMessageTests
{
    static readonly Actor Mara = new("u1", "Mara");

    static T RoundTrip<T>(T value) => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value))!;

    [Test]
    public void A_command_sent_as_its_base_type_arrives_as_the_same_command()
    {
        AdventureCommand[] commands =
        [
            new Act(Mara, ActionKind.Say, "Hello"),
            new EditBlock(Mara, Guid.NewGuid(), "The door creaks."),
            new AddStoryCard(Mara, "Mara", ["mara", "captain"], "The captain.", Enabled: true),
            new RemoveMember(Mara with { IsGameMaster = true }, "u2", Ban: true, "spam"),
            new ChangeSettings(Mara, new SettingsView(0.7, 40, 0.9, 1.1, 80, 7, ["\n\n"])),
        ];

        foreach (var command in commands)
        {
            var back = RoundTrip(command);
            Assert.That(back.GetType(), Is.EqualTo(command.GetType()));
            Assert.That(JsonSerializer.Serialize(back), Is.EqualTo(JsonSerializer.Serialize(command)));
        }
    }

    [Test]
    public void A_refusal_is_thrown_again_on_the_callers_side_with_its_reason_and_message()
    {
        var rule = RoundTrip(CommandReply.Refused(new GameRuleException(RuleReason.Busy, "The story is being written.")))!;
        var server = RoundTrip(CommandReply.Refused(new RefusedException(RefusalReason.RateLimited, "Wait a little.")))!;
        var conflict = RoundTrip(CommandReply.Refused(new ConcurrencyConflictException("Changed meanwhile.")))!;

        Assert.That(() => rule.Result<Guid>(), Throws.TypeOf<GameRuleException>()
            .With.Property(nameof(GameRuleException.Reason)).EqualTo(RuleReason.Busy).And.Message.EqualTo("The story is being written."));
        Assert.That(() => server.Result<Guid>(), Throws.TypeOf<RefusedException>()
            .With.Property(nameof(RefusedException.Reason)).EqualTo(RefusalReason.RateLimited).And.Message.EqualTo("Wait a little."));
        Assert.That(() => conflict.Result<Guid>(), Throws.TypeOf<ConcurrencyConflictException>().With.Message.EqualTo("Changed meanwhile."));
    }

    [Test]
    public void A_fault_that_is_not_a_refusal_is_left_to_Orleans_to_carry()
    {
        Assert.That(CommandReply.Refused(new InvalidOperationException("bug")), Is.Null);
    }

    [Test]
    public void A_result_arrives_as_the_type_the_hub_returns()
    {
        var id = Guid.NewGuid();
        var card = new StoryCardView(Guid.NewGuid(), "Mara", ["mara"], "The captain.", true);

        Assert.That(RoundTrip(CommandReply.Of(id)).Result<Guid>(), Is.EqualTo(id));
        Assert.That(RoundTrip(CommandReply.Of(card)).Result<StoryCardView>()!.Keys, Is.EqualTo(card.Keys));
        Assert.That(RoundTrip(CommandReply.Of(null)).Result<string?>(), Is.Null);
    }
}
