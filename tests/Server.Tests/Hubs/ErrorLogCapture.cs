using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AdventureServer.Server.Tests.Hubs;

/// <summary>A logger provider added to a running server that keeps every entry at Error or above.</summary>
public sealed class ErrorLogCapture : ILoggerProvider
{
    readonly ConcurrentQueue<string> _errors = new();

    /// <summary>"Category: message" of each Error or Critical entry so far.</summary>
    public IReadOnlyList<string> Errors => _errors.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _errors);

    public void Dispose()
    {
    }

    sealed class Logger(string category, ConcurrentQueue<string> errors) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                errors.Enqueue($"{category}: {formatter(state, exception)} {exception?.GetType().Name}");
        }
    }
}
