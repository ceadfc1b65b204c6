using System.Diagnostics;
using AdventureServer.Inference.Model;
using static TorchSharp.torch;

namespace AdventureServer.Server.Cli;

/// <summary>
/// How close a decode step comes to the machine's memory bandwidth. At small batch a step reads every
/// weight once, so bytes of weights × steps per second is the rate it streams them; a large copy, timed
/// in the same run, gives what the memory delivers to this process here and now (on a shared machine the
/// two move together, so their ratio is steadier than either).
/// </summary>
internal sealed class BenchBandwidth
{
    // 256 MB each way: far past the caches, as gpt2's 249 MB of bfloat16 weights are.
    const long CopyBytes = 256L << 20;

    BenchBandwidth(long weightBytes, double copyBytesPerSecond)
    {
        WeightBytes = weightBytes;
        CopyBytesPerSecond = copyBytesPerSecond;
    }

    /// <summary>Bytes of weights one decode step reads (<see cref="Gpt2Model.DecodeWeightBytes"/>).</summary>
    public long WeightBytes { get; }

    /// <summary>Bytes a plain copy read per second, best of five (it writes as many).</summary>
    public double CopyBytesPerSecond { get; }

    /// <summary>Times a 256 MB copy on the CPU (best of five, after one untimed) beside the model's weight bytes.</summary>
    public static BenchBandwidth Measure(Gpt2Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var scope = NewDisposeScope();
        var source = ones(CopyBytes / 4, ScalarType.Float32);
        var target = empty_like(source);
        target.copy_(source);
        var best = double.MaxValue;
        for (var i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            target.copy_(source);
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return new BenchBandwidth(model.DecodeWeightBytes, CopyBytes / best);
    }

    /// <summary>Bytes of weights read per second at <paramref name="stepsPerSecond"/> decode steps a second.</summary>
    public double WeightBytesPerSecond(double stepsPerSecond) => WeightBytes * stepsPerSecond;

    /// <summary>The fraction of the copy's read bandwidth the weights are read at.</summary>
    public double Fraction(double stepsPerSecond) => WeightBytesPerSecond(stepsPerSecond) / CopyBytesPerSecond;

    /// <summary>"reads weights at 11.2 GB/s, 0.52 of a copy's 21.4 GB/s".</summary>
    public string Describe(double stepsPerSecond) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"weights read at {WeightBytesPerSecond(stepsPerSecond) / 1e9:F1} GB/s, {Fraction(stepsPerSecond):F2} of a copy's {CopyBytesPerSecond / 1e9:F1} GB/s");
}
