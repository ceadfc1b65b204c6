using AdventureServer.LoadTest.Measuring;
using AdventureServer.LoadTest.Players;
using AdventureServer.Server.Hubs.Contracts;

namespace AdventureServer.LoadTest.Tests;

public class ReceivedStoryTests
{
    static readonly Guid AdventureId = Guid.NewGuid();
    static readonly Guid Block = Guid.NewGuid();

    [Test]
    public void A_live_delta_that_overtakes_the_snapshot_reply_keeps_the_snapshot_text_and_the_delta()
    {
        var story = new ReceivedStory();
        story.Story(Update(version: 5, Writing(shown: 0)));
        story.Delta(Delta(1, 4, " four"), 0);

        story.Snapshot(View(version: 5, new LiveBlockView(Block, 1, "one two three", 3), Writing(shown: 0)));
        story.Ended(End(1, 4, "one two three four"));

        var record = story.Current(Block)!;
        Assert.That(record.Attempt, Is.EqualTo(1));
        Assert.That(string.Concat(record.Deltas.Values), Is.EqualTo("one two three four"));
        Assert.That(story.IsWriting, Is.False);
        Assert.That(IntegrityChecker.Check([Observe(story)]).Errors, Is.Empty);
    }

    [Test]
    public void Deltas_the_snapshot_already_covered_arriving_after_it_are_repeats_not_conflicts()
    {
        var story = new ReceivedStory();
        story.Story(Update(version: 5, Writing(shown: 0)));
        story.Delta(Delta(1, 1, "one"), 0);
        // Reconnected: the snapshot stands for deltas 1..3; delta 3, sent before it, and a catch-up of 2..3 come after it.
        story.Snapshot(View(version: 5, new LiveBlockView(Block, 1, "one two three", 3), Writing(shown: 0)));
        story.Delta(Delta(1, 3, " three"), 0);
        story.CatchUp(new StreamCatchUp(AdventureId, Block, 1, [Delta(1, 2, " two"), Delta(1, 3, " three")]), 0);
        story.Delta(Delta(1, 4, " four"), 0);
        story.Ended(End(1, 4, "one two three four"));

        var record = story.Current(Block)!;
        Assert.That(string.Concat(record.Deltas.Values), Is.EqualTo("one two three four"));
        Assert.That(record.Conflicts, Is.Zero);
        Assert.That(IntegrityChecker.Check([Observe(story)]).Errors, Is.Empty);
    }

    [Test]
    public void An_older_snapshot_applied_after_a_newer_one_adds_nothing()
    {
        var story = new ReceivedStory();
        story.Story(Update(version: 5, Writing(shown: 0)));
        story.Snapshot(View(version: 5, new LiveBlockView(Block, 1, "one two three", 3), Writing(shown: 0)));
        story.Snapshot(View(version: 5, new LiveBlockView(Block, 1, "one two", 2), Writing(shown: 0)));
        story.Delta(Delta(1, 4, " four"), 0);
        story.Ended(End(1, 4, "one two three four"));

        Assert.That(string.Concat(story.Current(Block)!.Deltas.Values), Is.EqualTo("one two three four"));
        Assert.That(IntegrityChecker.Check([Observe(story)]).Errors, Is.Empty);
    }

    [Test]
    public void A_retry_while_disconnected_then_a_resume_overtaken_by_its_deltas_and_end_fills_one_record_of_the_new_attempt()
    {
        var story = new ReceivedStory();
        story.Story(Update(version: 5, Writing(shown: 0)));
        story.Delta(Delta(1, 1, "old "), 0);
        story.Delta(Delta(1, 2, "text"), 0);
        // Away: attempt 1 ends, another player retries. Back: attempt 2's delta 3 and its end arrive before the replies.
        story.Delta(Delta(2, 3, " three"), 0);
        story.Ended(End(2, 3, "new one two three"));
        story.CatchUp(new StreamCatchUp(AdventureId, Block, 2, [Delta(2, 1, "new"), Delta(2, 2, " one two"), Delta(2, 3, " three")]), 0);
        story.Snapshot(View(version: 6, new LiveBlockView(Block, 2, "new one two", 2), Writing(shown: 1)));

        var attempts = story.Observe()[Block];
        Assert.That(attempts, Has.Count.EqualTo(1), "the unfinished first attempt is no longer the story's");
        Assert.That(attempts[0].StreamedText, Is.EqualTo("new one two three"));
        Assert.That(attempts[0].FinalText, Is.EqualTo("new one two three"));
        Assert.That(story.IsWriting, Is.False, "the end came before the older snapshot that still showed it writing");
        Assert.That(IntegrityChecker.Check([Observe(story)]).Errors, Is.Empty);
    }

    [Test]
    public void An_attempt_a_retry_replaced_while_the_player_was_away_lets_whoever_followed_it_go()
    {
        var story = new ReceivedStory();
        story.Story(Update(version: 5, Writing(shown: 0)));
        story.Delta(Delta(1, 1, "old"), 0);
        var followed = story.Current(Block)!;
        // Away: attempt 1 ends (its end goes to nobody) and another player retries; back in the group, the retry's story
        // update arrives (as a two-node load run once had it, and the player then waited for that end until the run was cut).
        story.Story(Update(version: 6, Writing(shown: 1)));

        Assert.That(followed.Ended.IsCompleted, Is.True, "its end was sent while away and will not come again");
        Assert.That(followed.Superseded, Is.True);
        Assert.That(followed.End, Is.Null);
        Assert.That(story.Current(Block)!.Attempt, Is.EqualTo(2));
        Assert.That(story.Observe()[Block], Has.Count.EqualTo(1), "the replaced attempt is no longer the story's");
    }

    [Test]
    public void A_snapshot_older_than_the_story_update_already_applied_is_dropped()
    {
        var story = new ReceivedStory();
        story.Story(Update(version: 9, Writing(shown: 1)));

        story.Snapshot(View(version: 8, live: null, new BlockView(Block, "Continuation", null, null, null, "done", "Done", 0, 1, false, false, 1)));

        Assert.That(story.Version, Is.EqualTo(9));
        Assert.That(story.IsWriting, Is.True);
        Assert.That(story.Current(Block)!.Attempt, Is.EqualTo(2));
    }

    [Test]
    public void The_latest_attempts_name_each_blocks_newest_attempt_so_a_retry_waits_for_the_one_after()
    {
        var other = Guid.NewGuid();
        var story = new ReceivedStory();
        story.Delta(Delta(1, 1, "mine"), 0);
        story.Ended(End(1, 1, "mine"));
        story.Delta(new StoryDelta(AdventureId, other, 1, 1, "theirs"), 0);
        story.Delta(new StoryDelta(AdventureId, other, 2, 1, "theirs again"), 0);

        var latest = story.LatestAttempts();

        Assert.That(latest, Is.EquivalentTo(new Dictionary<Guid, int> { [Block] = 1, [other] = 2 }));
        Assert.That(latest.GetValueOrDefault(Guid.NewGuid()), Is.Zero, "a new block has none");
    }

    [Test]
    public void A_resume_that_found_the_stream_over_marks_only_the_attempt_followed_and_its_hole_passes_the_check()
    {
        var story = new ReceivedStory();
        story.Story(Update(version: 5, Writing(shown: 0)));
        story.Delta(Delta(1, 1, "one"), 0);
        story.Interrupt(Block);
        // Away: deltas 2 and 3 go to nobody. Back in the group: 4 and the end arrive, but Resume finds nothing writing.
        story.Delta(Delta(1, 4, " four"), 0);
        story.CatchUpGone(Block, 1);
        story.CatchUpGone(Block, 2);
        story.Ended(End(1, 4, "one two three four"));

        Assert.That(story.LatestAttempts()[Block], Is.EqualTo(1), "no record is made for an attempt never received");
        Assert.That(story.Current(Block)!.CatchUpGone, Is.True);
        Assert.That(IntegrityChecker.Check([Observe(story)]).Errors, Is.Empty);
    }

    static PlayerObservation Observe(ReceivedStory story) => new("ada", Reconnected: true, story.Observe());

    static BlockView Writing(int shown) => new(Block, "Continuation", null, null, null, string.Empty, "Writing", shown, shown + 1, false, false, 1);

    static StoryDelta Delta(int attempt, int sequence, string text) => new(AdventureId, Block, attempt, sequence, text);

    static ContinuationEnded End(int attempt, int last, string text) => new(AdventureId, Block, attempt, last, text, "Done", null);

    static StoryUpdate Update(long version, BlockView block) => new(AdventureId, version, [block], [], null, false);

    static AdventureView View(long version, LiveBlockView? live, BlockView block) => new(
        AdventureId, version, "t", "CODE", "host", "FreeForAll", 4, [], [block], live, null, false,
        new SettingsView(0.8, 40, 0.9, 1.1, 24, null, []), string.Empty, string.Empty, [], []);
}
