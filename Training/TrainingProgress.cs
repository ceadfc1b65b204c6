using System.Diagnostics;
using System.Globalization;

namespace AdventureServer.Training;

/// <summary>A one-line progress bar with loss and tokens/s, redrawn in place on a terminal.</summary>
public sealed class TrainingProgress(TextWriter output, int totalSteps)
{
    readonly Stopwatch _clock = Stopwatch.StartNew();
    long _tokens;

    public void Step(int step, double loss, double learningRate, long tokens)
    {
        _tokens += tokens;
        var rate = _tokens / Math.Max(1e-9, _clock.Elapsed.TotalSeconds);
        const int width = 24;
        var filled = (int)((double)step / totalSteps * width);
        output.Write(string.Create(CultureInfo.InvariantCulture,
            $"\r[{new string('#', filled)}{new string('.', width - filled)}] step {step}/{totalSteps} loss {loss:F3} lr {learningRate:0.0e0} {rate:F0} tok/s   "));
    }

    public void Line(string text) => output.WriteLine("\r" + text);
}
