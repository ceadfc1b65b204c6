using System.Diagnostics;

namespace AdventureServer.Inference.Quantized;

/// <summary>
/// A fork-join over a few threads for small, frequent kernels (a decode step makes ~50 int8 products of
/// 50–500 µs each): the caller runs part 0 and <see cref="Count"/> − 1 background threads the rest. Between
/// jobs a worker spins for <see cref="SpinTime"/> (the next product of a step comes within that) and then
/// sleeps, so an idle engine costs nothing. A job that finds the threads busy with another caller's job runs
/// whole on its own caller instead of waiting.
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
    IKernelJob? _job;
    int _parts;
    long _generation;
    int _pending;
    volatile bool _disposed;

    /// <summary>A set of <paramref name="count"/> threads: the caller and <paramref name="count"/> − 1 workers.</summary>
    public KernelThreads(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        Count = count;
        _workers = new Worker[count - 1];
        for (var i = 0; i < _workers.Length; i++)
        {
            _workers[i] = new Worker(this, i + 1);
            var thread = new Thread(_workers[i].Loop) { IsBackground = true, Name = $"int8 kernel {i + 1}" };
            thread.Start();
        }
    }

    /// <summary>Threads a job is split over, the caller's included.</summary>
    public int Count { get; }

    /// <summary>The part <paramref name="part"/> of <paramref name="parts"/> of <c>0 .. count − 1</c>, as <c>[first, last)</c>.</summary>
    public static (int First, int Last) Range(int count, int part, int parts) =>
        ((int)((long)count * part / parts), (int)((long)count * (part + 1) / parts));

    /// <summary>Runs <paramref name="job"/> in <paramref name="parts"/> parts (at most <see cref="Count"/>) and returns when all are done.</summary>
    public void Run(int parts, IKernelJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        parts = Math.Clamp(parts, 1, Count);
        if (parts == 1 || !_gate.TryEnter())
        {
            job.Run(0, 1);
            return;
        }
        try
        {
            _job = job;
            _parts = parts;
            Volatile.Write(ref _pending, parts - 1);
            Interlocked.Increment(ref _generation);
            for (var i = 0; i < parts - 1; i++)
                _workers[i].Wake();
            job.Run(0, parts);
            var spinner = new SpinWait();
            while (Volatile.Read(ref _pending) != 0)
                spinner.SpinOnce(sleep1Threshold: -1);
            _job = null;
        }
        finally
        {
            _gate.Exit();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        Interlocked.Increment(ref _generation);
        foreach (var worker in _workers)
            worker.Wake();
    }

    sealed class Worker(KernelThreads owner, int part)
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
            var seen = Volatile.Read(ref owner._generation);
            while (!owner._disposed)
            {
                var started = Stopwatch.GetTimestamp();
                long generation;
                while ((generation = Volatile.Read(ref owner._generation)) == seen)
                {
                    if (Stopwatch.GetTimestamp() - started < owner._spinTicks)
                    {
                        Thread.SpinWait(16);
                        continue;
                    }
                    _wake.Reset();
                    Volatile.Write(ref _sleeping, 1);
                    if (Volatile.Read(ref owner._generation) == seen)
                        _wake.Wait();
                    Volatile.Write(ref _sleeping, 0);
                    started = Stopwatch.GetTimestamp();
                }
                seen = generation;
                if (owner._disposed)
                    return;
                var job = owner._job;
                if (job is not null && part < owner._parts)
                {
                    try
                    {
                        job.Run(part, owner._parts);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref owner._pending);
                    }
                }
            }
        }
    }
}
