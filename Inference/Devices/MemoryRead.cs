using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using AdventureServer.Inference.Quantized;

namespace AdventureServer.Inference.Devices;

/// <summary>
/// A plain read of a large buffer on every core (<see cref="KernelThreads.Shared"/>), summed so nothing is skipped:
/// what a decode step that streams its weights once could reach at best, for benchmarks to compare against.
/// </summary>
public static unsafe class MemoryRead
{
    /// <summary>Bytes per second a read of a <paramref name="bytes"/> buffer got through: the best of <paramref name="runs"/>, after one untimed.</summary>
    public static double BytesPerSecond(long bytes, int runs = 5)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(runs);
        var count = bytes / sizeof(float);
        var memory = (float*)NativeMemory.AlignedAlloc((nuint)(count * sizeof(float)), 64);
        try
        {
            new Span<float>(memory, checked((int)count)).Fill(1f);
            var read = new Read(memory, count);
            var threads = KernelThreads.Shared;
            threads.Run(8 * threads.Count, read);
            var best = double.MaxValue;
            for (var i = 0; i < runs; i++)
            {
                var start = System.Diagnostics.Stopwatch.GetTimestamp();
                threads.Run(8 * threads.Count, read);
                best = Math.Min(best, System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds);
            }
            return count * sizeof(float) / best;
        }
        finally
        {
            NativeMemory.AlignedFree(memory);
        }
    }

    sealed class Read(float* memory, long count) : IKernelJob
    {
        public float Total;

        public void Run(int part, int parts)
        {
            var (first, last) = (count * part / parts, count * (part + 1) / parts);
            Vector256<float> a = default, b = default, c = default, d = default;
            var i = first;
            for (; i + 32 <= last; i += 32)
            {
                a += Vector256.Load(memory + i);
                b += Vector256.Load(memory + i + 8);
                c += Vector256.Load(memory + i + 16);
                d += Vector256.Load(memory + i + 24);
            }
            var sum = Vector256.Sum(a + b + c + d);
            for (; i < last; i++)
                sum += memory[i];
            lock (this)
                Total += sum;
        }
    }
}
