using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Teraslice.Akka.Master.Tests.Storage;

/// <summary>Keeps every log entry with its structured state, for assertions.</summary>
internal sealed class CapturingLogger : ILogger
{
    public ConcurrentQueue<(LogLevel Level, string Message, IReadOnlyDictionary<string, object?> State)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
        Entries.Enqueue((logLevel, formatter(state, exception), values.ToDictionary(kv => kv.Key, kv => kv.Value)));
    }
}
