using AdventureServer.LoadTest.Players;

namespace AdventureServer.LoadTest.Measuring;

/// <summary>
/// Checks that a party saw one story: each member's every continuation has no gap and ended, and every member
/// saw the same final text and the same concatenated deltas for each of them. A member whose connection dropped
/// may have missed whole continuations; those are skipped, not counted as errors. It also counts which model wrote
/// each continuation (<see cref="ModelAttribution"/>).
/// </summary>
public static class IntegrityChecker
{
    public static IntegrityResult Check(IReadOnlyList<PlayerObservation> party)
    {
        ArgumentNullException.ThrowIfNull(party);
        var errors = new List<string>();
        var checkedStreams = 0;
        var skipped = 0;
        foreach (var player in party)
        {
            foreach (var stream in player.Blocks.Values.SelectMany(s => s))
            {
                checkedStreams++;
                CheckOne(player.UserName, stream, errors);
            }
        }

        var models = Attribute(party);
        if (party.Count < 2)
            return new IntegrityResult(errors, checkedStreams, skipped) { Models = models };
        var reference = party[0];
        foreach (var other in party.Skip(1))
        {
            foreach (var blockId in reference.Blocks.Keys.Union(other.Blocks.Keys))
            {
                var a = reference.Blocks.GetValueOrDefault(blockId) ?? [];
                var b = other.Blocks.GetValueOrDefault(blockId) ?? [];
                if (a.Count != b.Count)
                {
                    if (reference.Reconnected || other.Reconnected)
                        skipped++;
                    else
                        errors.Add($"Block {blockId}: {reference.UserName} saw {a.Count} continuation(s), {other.UserName} {b.Count}.");
                    continue;
                }

                for (var i = 0; i < a.Count; i++)
                    Compare(reference.UserName, a[i], other.UserName, b[i], errors);
            }
        }

        return new IntegrityResult(errors, checkedStreams, skipped) { Models = models };
    }

    // Each continuation (block, attempt in order) once: the models its live ends named, across the members.
    static ModelAttribution Attribute(IReadOnlyList<PlayerObservation> party)
    {
        var named = new Dictionary<(Guid Block, int Index), HashSet<string>>();
        var withText = new HashSet<(Guid Block, int Index)>();
        foreach (var player in party)
        {
            foreach (var (blockId, streams) in player.Blocks)
            {
                for (var i = 0; i < streams.Count; i++)
                {
                    var s = streams[i];
                    if (s.FinalText is null)
                        continue;
                    var key = (blockId, i);
                    if (!named.TryGetValue(key, out var set))
                        named[key] = set = new HashSet<string>(StringComparer.Ordinal);
                    if (s.Model is { } model)
                        set.Add(model);
                    if (s.FinalText.Length > 0 || s.StreamedText.Length > 0)
                        withText.Add(key);
                }
            }
        }

        var byModel = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int changed = 0, unattributed = 0;
        foreach (var (key, set) in named)
        {
            if (set.Count == 1)
                byModel[set.First()] = byModel.GetValueOrDefault(set.First()) + 1;
            else if (set.Count > 1)
                changed++;
            else if (withText.Contains(key))
                unattributed++;
        }
        return new ModelAttribution(byModel, changed, unattributed);
    }

    static void CheckOne(string player, StreamObservation s, List<string> errors)
    {
        if (s.Conflicts > 0)
            errors.Add($"{player}, block {s.BlockId}: {s.Conflicts} sequence number(s) arrived twice with different text.");
        if (s.FinalText is null)
        {
            // With no delta, the record came only from a story update that showed the block as being written.
            errors.Add($"{player}, block {s.BlockId}: the continuation never ended ({s.Sequences.Count} deltas received{(s.Sequences.Count == 0 ? "; announced as writing by a story update, never streamed" : "")}).");
            return;
        }

        // A seeded record starts at the snapshot's sequence number; everything after it must still be contiguous.
        var first = s.Sequences.Count == 0 ? 1 : s.Seeded ? s.Sequences[0] : 1;
        var expected = Enumerable.Range(first, s.Sequences.Count);
        // A player whose Resume found the stream over missed what was sent while it was away; what was sent after it
        // rejoined still came, so its hole is the contract's (the end's text stands for it).
        if (!s.Sequences.SequenceEqual(expected) && !s.CatchUpGone)
            errors.Add($"{player}, block {s.BlockId}: a gap in the sequence numbers ({string.Join(',', s.Sequences)}).");
        // A player that dropped mid-stream and came back as the continuation ended has no delta left to catch up
        // with (the stream is gone): the end's text completes its tail, as a snapshot's does.
        else if (!s.EndFromSnapshot && !s.Interrupted && s.LastSequence is { } last && (s.Sequences.Count == 0 ? 0 : s.Sequences[^1]) != last)
            errors.Add($"{player}, block {s.BlockId}: the end says sequence {last}, the last delta received was {(s.Sequences.Count == 0 ? 0 : s.Sequences[^1])}.");
    }

    static void Compare(string nameA, StreamObservation a, string nameB, StreamObservation b, List<string> errors)
    {
        if (a.FinalText is not null && b.FinalText is not null && a.FinalText != b.FinalText)
            errors.Add($"Block {a.BlockId}: {nameA} and {nameB} have different final texts.");
        var bothWhole = !a.Seeded && !b.Seeded && !a.EndFromSnapshot && !b.EndFromSnapshot && !a.Interrupted && !b.Interrupted
            && a.FinalText is not null && b.FinalText is not null;
        if (bothWhole && a.StreamedText != b.StreamedText)
            errors.Add($"Block {a.BlockId}: {nameA} and {nameB} were streamed different text.");
    }
}
