using System.Diagnostics;
using System.Globalization;
using AdventureServer.Inference.Models;

namespace AdventureServer.Server.Cli;

/// <summary>A download progress bar on stderr, so stdout stays clean for the model folder a script reads.</summary>
public sealed class ConsoleDownloadProgress(TextWriter output, bool interactive) : IProgress<DownloadProgress>
{
    private const int BarWidth = 30;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private readonly Stopwatch _sinceDraw = Stopwatch.StartNew();
    private string? _file;

    /// <summary>A bar on this process's stderr, redrawn in place unless stderr is redirected.</summary>
    public static ConsoleDownloadProgress ForStandardError() => new(Console.Error, !Console.IsErrorRedirected);

    /// <summary>Redraws the bar, at most every 200 ms and once when a file finishes.</summary>
    public void Report(DownloadProgress value)
    {
        var newFile = value.File != _file;
        var finished = value.TotalBytes is { } total && value.BytesDone >= total;
        if (newFile && _file is not null && interactive)
        {
            output.WriteLine();
        }

        _file = value.File;
        // Redrawing on every 64 KiB chunk would cost more than the download; a redirected log gets one line per file.
        if (!(finished || (interactive && (newFile || _sinceDraw.Elapsed >= Interval))))
        {
            return;
        }

        _sinceDraw.Restart();
        output.Write(interactive ? "\r" + Line(value) : Line(value) + Environment.NewLine);
        if (finished && interactive)
        {
            output.WriteLine();
            _file = null;
        }
    }

    /// <summary>One line of the bar, e.g. <c>model.safetensors [#####     ] 261.2/522.7 MB  50%</c>.</summary>
    public static string Line(DownloadProgress value)
    {
        var done = (value.BytesDone / 1e6).ToString("F1", CultureInfo.InvariantCulture);
        if (value.TotalBytes is not { } total || total <= 0)
        {
            return $"{value.File} {done} MB";
        }

        var fraction = Math.Clamp((double)value.BytesDone / total, 0, 1);
        var filled = (int)Math.Round(fraction * BarWidth);
        var size = (total / 1e6).ToString("F1", CultureInfo.InvariantCulture);
        return $"{value.File} [{new string('#', filled)}{new string(' ', BarWidth - filled)}] {done}/{size} MB {fraction * 100,3:F0}%";
    }
}
