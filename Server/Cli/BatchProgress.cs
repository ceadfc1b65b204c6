using System.Diagnostics;
using System.Globalization;

namespace AdventureServer.Server.Cli;

/// <summary>
/// A progress bar on stderr: requests done of all, new tokens and tokens/s. Redrawn in place on a terminal, at most
/// five times a second; one line every few seconds when stderr is a file or a pipe.
/// </summary>
internal sealed class BatchProgress(int total, int alreadyDone)
{
    const int Width = 30;
    readonly Stopwatch _clock = Stopwatch.StartNew();
    readonly bool _terminal = !Console.IsErrorRedirected;
    readonly object _gate = new();
    long _lastDrawn = long.MinValue / 2;
    int _done = alreadyDone;
    long _tokens;

    public int Done => _done;

    public long Tokens => _tokens;

    public double Seconds => _clock.Elapsed.TotalSeconds;

    public void Completed(int tokens)
    {
        lock (_gate)
        {
            _done++;
            _tokens += tokens;
            var now = _clock.ElapsedMilliseconds;
            if (now - _lastDrawn >= (_terminal ? 200 : 5000) || _done == total)
            {
                _lastDrawn = now;
                Draw();
            }
        }
    }

    public void Finish()
    {
        lock (_gate)
        {
            if (_done < total || total == 0)
                Draw(); // the last answer drew the full bar already
            if (_terminal)
                Console.Error.WriteLine();
        }
    }

    void Draw()
    {
        var fraction = total == 0 ? 1 : (double)_done / total;
        var filled = (int)Math.Round(fraction * Width);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('-', Width - filled)}] {_done}/{total} requests, {_tokens} new tokens, {_tokens / Math.Max(Seconds, 1e-9):F1} tokens/s");
        if (_terminal)
            Console.Error.Write("\r" + line);
        else
            Console.Error.WriteLine(line);
    }
}
