using AdventureServer.Inference.Quantized;

namespace AdventureServer.Inference.Tests.Quantized;

/// <summary>The fork-join the kernels share, run back to back as a decode step runs it, with more workers than cores.</summary>
public class KernelThreadsTests
{
    [Test]
    public void Back_to_back_jobs_of_changing_sizes_run_each_chunk_once_and_never_after_their_run_returned()
    {
        // More threads than this machine's cores, so workers are preempted between any two reads; job sizes alternate,
        // so a worker holding one job's reading with another's chunk count would run chunks that do not exist.
        using var threads = new KernelThreads(2 * Environment.ProcessorCount + 1);
        var violations = 0;
        var runs = 0;
        var loop = new Thread(() =>
        {
            var until = DateTime.UtcNow.AddSeconds(3);
            for (var i = 0; DateTime.UtcNow < until; i++, runs++)
            {
                var job = new CountingJob(i % 3 == 0 ? 64 : 2 + i % 5);
                threads.Run(job.Chunks, job);
                job.Returned = true;
                if (job.Counts.Any(count => count != 1))
                    Interlocked.Increment(ref violations);
            }
        }) { IsBackground = true }; // a run that never returns must not keep the test host alive
        loop.Start();

        Assert.That(loop.Join(TimeSpan.FromSeconds(60)), Is.True, "a run never returned");
        Assert.That(runs, Is.GreaterThan(1000));
        Assert.That(violations + CountingJob.Late, Is.EqualTo(0), $"{violations} runs with a chunk run other than once, {CountingJob.Late} chunks run after their run returned");
    }

    [Test]
    public void A_chunk_that_throws_fails_its_run_on_the_caller_after_every_other_chunk_has_finished()
    {
        using var threads = new KernelThreads(3);
        for (var failing = 0; failing < 16; failing++)
        {
            // Each chunk lingers a little, so a run that returned early would find chunks still running.
            var job = new FailingJob(16, failing);
            var thrown = Assert.Throws<InvalidOperationException>(() => threads.Run(16, job));
            var running = Volatile.Read(ref job.Running);

            Assert.That(thrown!.Message, Is.EqualTo($"chunk {failing} failed"));
            Assert.That(running, Is.EqualTo(0), "the run returned while chunks were running");
            Assert.That(job.Finished, Is.EqualTo(15), "every other chunk ran to its end");
        }

        // The workers survived: the next job runs on them as before.
        var next = new CountingJob(64);
        threads.Run(next.Chunks, next);
        Assert.That(next.Counts, Is.All.EqualTo(1));
    }

    sealed class FailingJob(int chunks, int failing) : IKernelJob
    {
        public int Running;
        public int Finished;

        public void Run(int part, int parts)
        {
            Interlocked.Increment(ref Running);
            try
            {
                Thread.Sleep(1);
                if (part == failing)
                    throw new InvalidOperationException($"chunk {part} failed");
                Assert.That(parts, Is.EqualTo(chunks));
                Interlocked.Increment(ref Finished);
            }
            finally
            {
                Interlocked.Decrement(ref Running);
            }
        }
    }

    sealed class CountingJob(int chunks) : IKernelJob
    {
        public static int Late;
        public readonly int Chunks = chunks;
        public readonly int[] Counts = new int[chunks];
        public volatile bool Returned;

        public void Run(int part, int parts)
        {
            if (Returned || parts != Chunks || part >= Chunks)
            {
                Interlocked.Increment(ref Late);
                return;
            }
            Interlocked.Increment(ref Counts[part]);
        }
    }
}
