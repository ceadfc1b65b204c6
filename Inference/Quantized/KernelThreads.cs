using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace AdventureServer.Inference.Quantized;

/// <summary>
/// A fork-join over a few threads for small, frequent kernels (a decode step makes ~50 int8 products of
/// 20–2,500 µs each). A job is cut into chunks that the caller and <see cref="Count"/> − 1 background workers
/// claim one at a time, so a worker the OS has not scheduled (this machine is shared) costs at most the chunk
/// it holds: the caller does the rest alone. Between jobs a worker polls for <see cref="SpinTime"/> (the next
/// product of a step comes within that), yielding its core to any other runnable thread, and then sleeps, so an
/// idle engine costs nothing. A job that finds the
/// threads busy with another caller's job runs whole on its own caller. A chunk that throws, on a worker or on the
/// caller, fails the job, not the thread: the other chunks still run, and <see cref="Run"/> returns only when none is
/// running (they write into the caller's buffers), then throws the first chunk's exception.
/// </summary>
public sealed class KernelThreads : IDisposable
{
    /// <summary>How long a worker spins for the next job before it sleeps.</summary>
    public static readonly TimeSpan SpinTime = TimeSpan.FromMilliseconds(1);

    /// <summary>One thread per core of this machine.</summary>
    public static KernelThreads Shared { get; } = new(Environment.ProcessorCount);

    readonly Worker[] _workers;
    readonly Lock _gate = new();
    readonly long _spinTicks = (long)(SpinTime.TotalSeconds * Stopwatch.Frequency);
    // The job being run, its chunk count, generation and count of chunks done, in one object published before its
    // generation: a worker that read the job of one generation cannot pair it with another's chunk count or count its
    // chunk into another job's done (it once did, reading the job and the count apart, and a caller then waited forever
    // on a count that had passed its mark).
    volatile Work? _work;
    // The job's generation in the high 32 bits and the next unclaimed chunk in the low 32: a claim is one
    // compare-exchange that fails if the job it read has since been replaced.
    long _claims;
    volatile bool _disposed;

    /// <summary>A set of <paramref name="count"/> threads: the caller and <paramref name="count"/> − 1 workers.</summary>
    public KernelThreads(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        Count = count;
        _workers = new Worker[count - 1];
        for (var i = 0; i < _workers.Length; i++)
        {
            _workers[i] = new Worker(this);
            var thread = new Thread(_workers[i].Loop) { IsBackground = true, Name = $"kernel thread {i + 1}" };
            thread.Start();
        }
    }

    /// <summary>Threads a job is split over, the caller's included.</summary>
    public int Count { get; }

    /// <summary>
    /// How many chunks to cut a job of <paramref name="work"/> units into: one for each <paramref name="chunkWork"/> units
    /// (what is worth handing another thread), at least 1, at most <paramref name="pieces"/> (the smallest parts the job
    /// splits into: a kernel's tiles or groups of outputs) and 8 a thread.
    /// </summary>
    public int ChunksFor(long work, long chunkWork, long pieces) => (int)Math.Clamp(work / chunkWork, 1, Math.Min(pieces, 8L * Count));

    /// <summary>The part <paramref name="part"/> of <paramref name="parts"/> of <c>0 .. count − 1</c>, as <c>[first, last)</c>.</summary>
    public static (int First, int Last) Range(int count, int part, int parts) =>
        ((int)((long)count * part / parts), (int)((long)count * (part + 1) / parts));

    /// <summary>
    /// Runs <paramref name="job"/>'s chunks <c>0 .. chunks − 1</c> on the caller and the workers, and returns when all are
    /// done; if any threw, throws the first one's exception then.
    /// </summary>
    public void Run(int chunks, IKernelJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (chunks <= 1 || Count == 1 || !_gate.TryEnter())
        {
            job.Run(0, 1);
            return;
        }
        try
        {
            var generation = (Volatile.Read(ref _claims) >> 32) + 1;
            var work = new Work(job, chunks, generation);
            _work = work;
            Volatile.Write(ref _claims, generation << 32);
            foreach (var worker in _workers)
                worker.Wake();
            RunChunks(work);
            var spinner = new SpinWait();
            while (Volatile.Read(ref work.Done) != chunks)
                spinner.SpinOnce(sleep1Threshold: -1);
            _work = null;
            if (work.Error is { } error)
                error.Throw();
        }
        finally
        {
            _gate.Exit();
        }
    }

    /// <summary>Claims and runs chunks of <paramref name="work"/> until none is left or its generation is replaced.</summary>
    void RunChunks(Work work)
    {
        while (true)
        {
            var claims = Volatile.Read(ref _claims);
            var chunk = (int)(claims & 0xFFFF_FFFF);
            if (claims >> 32 != work.Generation || chunk >= work.Chunks)
                return;
            if (Interlocked.CompareExchange(ref _claims, claims + 1, claims) != claims)
                continue;
            try
            {
                work.Job.Run(chunk, work.Chunks);
            }
            catch (Exception e)
            {
                // Kept for the caller: thrown on a worker it would end the process.
                Interlocked.CompareExchange(ref work.Error, ExceptionDispatchInfo.Capture(e), null);
            }
            finally
            {
                Interlocked.Increment(ref work.Done);
            }
        }
    }

    /// <summary>One <see cref="Run"/>'s job: what to run, in how many chunks, under which generation, how many are done, and the first chunk's exception.</summary>
    sealed class Work(IKernelJob job, int chunks, long generation)
    {
        public readonly IKernelJob Job = job;
        public readonly int Chunks = chunks;
        public readonly long Generation = generation;
        public int Done;
        public ExceptionDispatchInfo? Error;
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var worker in _workers)
            worker.Wake();
    }

    sealed class Worker(KernelThreads owner)
    {
        readonly ManualResetEventSlim _wake = new(false, spinCount: 0);
        int _sleeping;

        public void Wake()
        {
            if (Interlocked.Exchange(ref _sleeping, 0) == 1)
                _wake.Set();
        }

        public void Loop()
        {
            var seen = Volatile.Read(ref owner._claims) >> 32;
            while (!owner._disposed)
            {
                var started = Stopwatch.GetTimestamp();
                long generation;
                while ((generation = Volatile.Read(ref owner._claims) >> 32) == seen && !owner._disposed)
                {
                    if (Stopwatch.GetTimestamp() - started < owner._spinTicks)
                    {
                        // Yield rather than spin: libtorch's own threads (its big ops, such as sampling over the
                        // vocabulary, run on both cores) get this core at once instead of at the end of a time slice.
                        Thread.Yield();
                        continue;
                    }
                    _wake.Reset();
                    Volatile.Write(ref _sleeping, 1);
                    if (Volatile.Read(ref owner._claims) >> 32 == seen && !owner._disposed)
                        _wake.Wait();
                    Volatile.Write(ref _sleeping, 0);
                    started = Stopwatch.GetTimestamp();
                }
                seen = generation;
                // Read after the generation: if the job has moved on, its generation no longer matches the claims and
                // nothing runs; if it is a newer one whose claims are not yet open, nothing runs either.
                if (owner._work is { } work)
                    owner.RunChunks(work);
            }
        }
    }
}
