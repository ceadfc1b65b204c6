using AdventureServer.LoadTest.Measuring;
using AdventureServer.LoadTest.Players;

namespace AdventureServer.LoadTest.Tests;

public class IntegrityCheckerTests
{
    static readonly Guid Block = Guid.NewGuid();

    static StreamObservation Stream(int[] sequences, string streamed, string? final, int? last = null, bool fromSnapshot = false, bool seeded = false, int conflicts = 0) =>
        new(Block, sequences, streamed, final, last ?? (sequences.Length == 0 ? 0 : sequences[^1]), fromSnapshot, seeded, conflicts);

    static PlayerObservation Player(string name, bool reconnected, params StreamObservation[] generations) =>
        new(name, reconnected, new Dictionary<Guid, IReadOnlyList<StreamObservation>> { [Block] = generations });

    static readonly StreamObservation Whole = Stream([1, 2, 3], "The door creaks", "The door creaks.");

    [Test]
    public void Two_players_who_saw_the_same_whole_stream_have_no_errors()
    {
        var result = IntegrityChecker.Check([Player("a", false, Whole), Player("b", false, Whole)]);

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.StreamsChecked, Is.EqualTo(2));
    }

    [Test]
    public void A_missing_sequence_number_is_a_gap()
    {
        var result = IntegrityChecker.Check([Player("a", false, Stream([1, 3], "Thedoor", "The door."))]);

        Assert.That(result.Errors, Has.One.Contains("gap"));
    }

    [Test]
    public void An_end_that_names_a_later_sequence_than_the_last_delta_is_a_lost_tail()
    {
        var result = IntegrityChecker.Check([Player("a", false, Stream([1, 2], "The door", "The door creaks.", last: 3))]);

        Assert.That(result.Errors, Has.One.Contains("the end says sequence 3"));
    }

    [Test]
    public void A_dropped_player_whose_end_arrived_before_it_could_catch_up_keeps_the_end_s_text_and_no_error()
    {
        var dropped = Stream([1], "The", "The door creaks.", last: 3) with { Interrupted = true };
        var stayed = Stream([1, 2, 3], "The door creaks", "The door creaks.");

        var result = IntegrityChecker.Check([Player("a", true, dropped), Player("b", false, stayed)]);

        Assert.That(result.Errors, Is.Empty);
        Assert.That(IntegrityChecker.Check([Player("a", false, dropped with { Interrupted = false })]).Errors, Has.One.Contains("the end says sequence 3"));
    }

    [Test]
    public void A_dropped_player_still_may_not_have_a_hole_in_the_middle_of_its_deltas()
    {
        var holed = Stream([1, 3], "Thedoor", "The door creaks.", last: 3) with { Interrupted = true };

        Assert.That(IntegrityChecker.Check([Player("a", true, holed)]).Errors, Has.One.Contains("gap"));
    }

    [Test]
    public void A_dropped_player_whose_resume_found_the_stream_over_may_have_a_hole_the_end_s_text_stands_for()
    {
        // Seen over two nodes: deltas 5-8 went out while the player was away, 9-16 after it rejoined the group, and the
        // stream ended before its Resume reached the adventure, which then had nothing left to catch up with.
        var holed = Stream([1, 2, 3, 4, 9, 10], "Thedoor", "The door creaks open.", last: 10) with { Interrupted = true, CatchUpGone = true };
        var stayed = Stream([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "The door creaks open", "The door creaks open.");

        Assert.That(IntegrityChecker.Check([Player("a", true, holed), Player("b", false, stayed)]).Errors, Is.Empty);
        Assert.That(IntegrityChecker.Check([Player("a", true, holed), Player("b", false, stayed with { FinalText = "Another text." })]).Errors,
            Has.One.Contains("different final texts"));
    }

    [Test]
    public void A_stream_that_never_ended_is_an_error()
    {
        var result = IntegrityChecker.Check([Player("a", false, Stream([1], "The", null))]);

        Assert.That(result.Errors, Has.One.Contains("never ended"));
    }

    [Test]
    public void Different_final_texts_or_different_deltas_between_players_are_errors()
    {
        var otherFinal = Stream([1, 2, 3], "The door creaks", "The door slams.");
        var otherDeltas = Stream([1, 2, 3], "The door creeks", "The door creaks.");

        Assert.That(IntegrityChecker.Check([Player("a", false, Whole), Player("b", false, otherFinal)]).Errors, Has.One.Contains("different final texts"));
        Assert.That(IntegrityChecker.Check([Player("a", false, Whole), Player("b", false, otherDeltas)]).Errors, Has.One.Contains("streamed different text"));
    }

    [Test]
    public void A_sequence_number_repeated_with_different_text_is_an_error()
    {
        var result = IntegrityChecker.Check([Player("a", false, Stream([1, 2, 3], "The door creaks", "The door creaks.", conflicts: 1))]);

        Assert.That(result.Errors, Has.One.Contains("different text"));
    }

    [Test]
    public void A_missed_retry_is_an_error_unless_the_player_reconnected_then_it_is_skipped()
    {
        var retry = Stream([1, 2], "It opens", "It opens.");

        Assert.That(IntegrityChecker.Check([Player("a", false, Whole, retry), Player("b", false, Whole)]).Errors, Has.One.Contains("saw 2 continuation(s)"));
        var skipped = IntegrityChecker.Check([Player("a", false, Whole, retry), Player("b", true, Whole)]);
        Assert.That(skipped.Errors, Is.Empty);
        Assert.That(skipped.StreamsSkipped, Is.EqualTo(1));
    }

    [Test]
    public void A_stream_resumed_from_a_snapshot_is_compared_by_its_final_text_only()
    {
        var seeded = Stream([2, 3], "The door creaks", "The door creaks.", seeded: true);
        var endedWhileAway = Stream([1], "The", "The door creaks.", last: 1, fromSnapshot: true);

        Assert.That(IntegrityChecker.Check([Player("a", false, Whole), Player("b", true, seeded), Player("c", true, endedWhileAway)]).Errors, Is.Empty);
    }
}
