using System.Diagnostics;
using System.Net.Sockets;

namespace AdventureServer.Tests.Shared;

/// <summary>
/// A program a test runs as its child: stdout and stderr go to a log file (read back for failure messages),
/// it is stopped with SIGTERM and, past a bound, SIGKILL, and it never outlives its owner's dispose.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    static readonly TimeSpan KillWait = TimeSpan.FromSeconds(10);
    readonly Process _process;
    readonly StreamWriter _log;
    readonly Lock _gate = new();

    ChildProcess(Process process, string logPath)
    {
        _process = process;
        LogPath = logPath;
        _log = new StreamWriter(logPath, append: true) { AutoFlush = true };
    }

    /// <summary>Where stdout and stderr are written.</summary>
    public string LogPath { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <paramref name="file"/> with <paramref name="args"/> in <paramref name="workingDirectory"/>, logging to <paramref name="logPath"/>.</summary>
    public static ChildProcess Start(string file, IEnumerable<string> args, string workingDirectory, string logPath, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var child = new ChildProcess(process, logPath);
        child.Write($"# {DateTime.UtcNow:HH:mm:ss.fff} started pid {process.Id}: {file} {string.Join(' ', args)}");
        process.OutputDataReceived += (_, e) => child.Write(e.Data);
        process.ErrorDataReceived += (_, e) => child.Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The last <paramref name="lines"/> lines of the log, for a failure message.</summary>
    public string Tail(int lines = 60)
    {
        lock (_gate)
        {
            try
            {
                using var read = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var reader = new StreamReader(read);
                var all = reader.ReadToEnd().Split('\n');
                return string.Join('\n', all.TakeLast(lines));
            }
            catch (IOException e)
            {
                return $"(log {LogPath} unreadable: {e.Message})";
            }
        }
    }

    /// <summary>SIGKILL, as <c>kill -9</c>: no shutdown code runs. Returns once the process is gone.</summary>
    public void Kill()
    {
        if (_process.HasExited)
            return;
        Write($"# {DateTime.UtcNow:HH:mm:ss.fff} killed (SIGKILL)");
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(KillWait);
    }

    /// <summary>SIGTERM (a graceful stop), then SIGKILL if the process is still there after <paramref name="bound"/>.</summary>
    public async Task StopAsync(TimeSpan bound)
    {
        if (_process.HasExited)
            return;
        Write($"# {DateTime.UtcNow:HH:mm:ss.fff} stopping (SIGTERM)");
        Signal("TERM");
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    /// <summary>Sends the signal <paramref name="name"/> (TERM, QUIT, HUP) to the process.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { $"-{name}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })
            ?? throw new InvalidOperationException("kill did not start.");
        kill.WaitForExit(KillWait);
    }

    /// <summary>Waits until something accepts TCP connections on 127.0.0.1:<paramref name="port"/>, failing if the process exits or <paramref name="bound"/> passes.</summary>
    public async Task WaitForPortAsync(int port, TimeSpan bound, string what)
    {
        var deadline = DateTime.UtcNow + bound;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{what} exited with {_process.ExitCode} while starting:\n{Tail()}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException($"{what} did not listen on port {port} within {bound}:\n{Tail()}");
    }

    /// <summary>Writes a line of the test's own into the log (marks when something was done to the process).</summary>
    public void Write(string? line)
    {
        if (line is null)
            return;
        lock (_gate)
        {
            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Output that arrives after dispose is dropped.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            Kill();
        if (!_process.HasExited)
        {
            using var timeout = new CancellationTokenSource(KillWait);
            await _process.WaitForExitAsync(timeout.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        lock (_gate)
            _log.Dispose();
        _process.Dispose();
    }
}
