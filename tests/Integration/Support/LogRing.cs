namespace Teraslice.Akka.Integration.Support;

/// <summary>The last lines a node wrote (stdout and stderr), kept bounded however long it runs.</summary>
public sealed class LogRing(int capacity = 2000)
{
    private readonly Queue<string> _lines = new(capacity);
    private readonly object _gate = new();

    public void Add(string line)
    {
        lock (_gate)
        {
            if (_lines.Count == capacity) _lines.Dequeue();
            _lines.Enqueue(line);
        }
    }

    /// <summary>The last <paramref name="count"/> lines, oldest first.</summary>
    public IReadOnlyList<string> Tail(int count)
    {
        lock (_gate)
        {
            return _lines.Skip(Math.Max(0, _lines.Count - count)).ToList();
        }
    }

    public bool Contains(string text)
    {
        lock (_gate)
        {
            return _lines.Any(l => l.Contains(text, StringComparison.Ordinal));
        }
    }
}
