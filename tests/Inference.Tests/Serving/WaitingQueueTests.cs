using AdventureServer.Inference.Serving;
using AdventureServer.Inference.Serving.Batching;
using AdventureServer.Inference.Text;

namespace AdventureServer.Inference.Tests.Serving;

public class WaitingQueueTests
{
    static long _order;

    static Sequence Request(string key, int priority = 0) =>
        new(new GenerationRequest { PromptTokens = [1], Key = key, Priority = priority }, [1], Interlocked.Increment(ref _order), Gpt2Tokenizer.Shared);

    static List<string> TakeAll(WaitingQueue queue)
    {
        var keys = new List<string>();
        while (queue.TryTake() is { } next)
            keys.Add(next.Request.Key);
        return keys;
    }

    [Test]
    public void One_key_with_many_requests_takes_turns_with_the_others()
    {
        var queue = new WaitingQueue(16);
        foreach (var key in new[] { "a", "a", "a", "a", "b", "c", "b" })
            queue.TryAdd(Request(key));

        Assert.That(TakeAll(queue), Is.EqualTo(new[] { "a", "b", "c", "a", "b", "a", "a" }));
    }

    [Test]
    public void A_higher_priority_goes_first_whatever_its_key()
    {
        var queue = new WaitingQueue(16);
        queue.TryAdd(Request("a"));
        queue.TryAdd(Request("b"));
        queue.TryAdd(Request("a", priority: 5));

        Assert.That(TakeAll(queue), Is.EqualTo(new[] { "a", "b", "a" }));
        queue.TryAdd(Request("x"));
        queue.TryAdd(Request("y", priority: 1));
        Assert.That(TakeAll(queue), Is.EqualTo(new[] { "y", "x" }));
    }

    [Test]
    public void A_full_queue_refuses_more()
    {
        var queue = new WaitingQueue(2);

        Assert.That(queue.TryAdd(Request("a")), Is.True);
        Assert.That(queue.TryAdd(Request("b")), Is.True);
        Assert.That(queue.TryAdd(Request("c")), Is.False);
        Assert.That(queue.Count, Is.EqualTo(2));
    }

    [Test]
    public void Cancelled_requests_are_taken_out_before_their_turn()
    {
        var queue = new WaitingQueue(4);
        var cancelled = Request("a");
        queue.TryAdd(cancelled);
        queue.TryAdd(Request("b"));
        cancelled.CancelRequested = true;

        Assert.That(queue.TakeCancelled(), Is.EqualTo(new[] { cancelled }));
        Assert.That(TakeAll(queue), Is.EqualTo(new[] { "b" }));
    }
}
