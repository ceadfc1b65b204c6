using AdventureServer.Inference.Serving;
using AdventureServer.Inference.Serving.Batching;
using AdventureServer.Inference.Text;

namespace AdventureServer.Inference.Tests.Serving;

/// <summary>The queue holds and hands out; the order of admission is the scheduler's (SchedulerFairnessTests).</summary>
public class WaitingQueueTests
{
    static long _order;

    static Sequence Request(string key, int priority = 0) =>
        new(new GenerationRequest { PromptTokens = [1], Key = key, Priority = priority }, [1], Interlocked.Increment(ref _order), Gpt2Tokenizer.Shared);

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
        Assert.That(queue.Snapshot().Select(s => s.Request.Key), Is.EqualTo(new[] { "b" }));
    }

    [Test]
    public void Admitted_requests_leave_the_queue_and_the_others_keep_their_order()
    {
        var queue = new WaitingQueue(4);
        var (a, b, c) = (Request("a"), Request("b"), Request("c"));
        foreach (var request in new[] { a, b, c })
            queue.TryAdd(request);

        queue.Remove([b]);

        Assert.That(queue.Snapshot(), Is.EqualTo(new[] { a, c }));
        Assert.That(queue.Count, Is.EqualTo(2));
    }
}
