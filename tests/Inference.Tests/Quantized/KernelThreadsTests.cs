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
