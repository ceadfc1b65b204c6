using System.Diagnostics;
using AdventureServer.Inference.Devices;
using AdventureServer.Inference.Model;
using static TorchSharp.torch;

namespace AdventureServer.Server.Cli;

/// <summary>
/// How close a decode step comes to the machine's memory bandwidth. At small batch a step reads every
/// weight once, so bytes of weights × steps per second is the rate it streams them. Timed in the same run
/// (on a shared machine they move together, so ratios are steadier than either): a plain read of 256 MB on
/// every core, the physical limit of reading weights and the figure the fraction is taken against, and a
/// 256 MB copy (which also writes as much, so a step that only reads can beat it).
/// </summary>
internal sealed class BenchBandwidth
{
    // 256 MB: far past the caches, as gpt2's 247 MB of bfloat16 weights are.
    const long Bytes = 256L << 20;

    BenchBandwidth(long weightBytes, double readBytesPerSecond, double copyBytesPerSecond)
    {
        WeightBytes = weightBytes;
        ReadBytesPerSecond = readBytesPerSecond;
        CopyBytesPerSecond = copyBytesPerSecond;
    }

    /// <summary>Bytes of weights one decode step reads (<see cref="Gpt2Model.DecodeWeightBytes"/>).</summary>
    public long WeightBytes { get; }

    /// <summary>Bytes a read on every core got through per second, best of five.</summary>
    public double ReadBytesPerSecond { get; }

    /// <summary>Bytes a plain copy read per second, best of five (it writes as many).</summary>
    public double CopyBytesPerSecond { get; }

    /// <summary>Times a 256 MB read and a 256 MB copy on the CPU (best of five, after one untimed) beside the model's weight bytes.</summary>
    public static BenchBandwidth Measure(Gpt2Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var scope = NewDisposeScope();
        var source = ones(Bytes / 4, ScalarType.Float32);
        var target = empty_like(source);
        var copy = Best(() => target.copy_(source));
        return new BenchBandwidth(model.DecodeWeightBytes, MemoryRead.BytesPerSecond(Bytes), Bytes / copy);
    }

    static double Best(Action run)
    {
        run();
        var best = double.MaxValue;
        for (var i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            run();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return best;
    }

    /// <summary>Bytes of weights read per second at <paramref name="stepsPerSecond"/> decode steps a second.</summary>
    public double WeightBytesPerSecond(double stepsPerSecond) => WeightBytes * stepsPerSecond;

    /// <summary>The fraction of the read bandwidth the weights are read at.</summary>
    public double Fraction(double stepsPerSecond) => WeightBytesPerSecond(stepsPerSecond) / ReadBytesPerSecond;

    /// <summary>"weights read at 11.2 GB/s, 0.52 of a read's 21.4 GB/s (a copy: 15.0 GB/s)".</summary>
    public string Describe(double stepsPerSecond) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"weights read at {WeightBytesPerSecond(stepsPerSecond) / 1e9:F1} GB/s, {Fraction(stepsPerSecond):F2} of a read's {ReadBytesPerSecond / 1e9:F1} GB/s (a copy: {CopyBytesPerSecond / 1e9:F1} GB/s)");
}
