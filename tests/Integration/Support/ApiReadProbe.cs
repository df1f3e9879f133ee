using System.Diagnostics;
using System.Net;

namespace Teraslice.Akka.Integration.Support;

/// <summary>
/// Sends one read after another (never two at once) to a node's API in the background and keeps
/// every answer: its status and how long it took. For "the API answers throughout" while the
/// cluster master moves: a read may wait, it must not fail.
/// </summary>
public sealed class ApiReadProbe : IAsyncDisposable
{
    private readonly List<Sample> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ApiReadProbe(string node, TerasliceApi api, string path, TimeSpan pause, Stopwatch clock)
    {
        Node = node;
        Path = path;
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                var at = clock.Elapsed;
                var watch = Stopwatch.StartNew();
                string outcome;
                try
                {
                    var reply = await api.GetAsync(path);
                    outcome = reply.Status == HttpStatusCode.OK ? "200" : $"{(int)reply.Status} {reply.Body}";
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    outcome = $"{e.GetType().Name}: {e.Message}";
                }
                lock (_samples) _samples.Add(new Sample(at, watch.Elapsed, outcome));
                try
                {
                    await Task.Delay(pause, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    // stopped
                }
            }
        });
    }

    public string Node { get; }
    public string Path { get; }

    public IReadOnlyList<Sample> Samples
    {
        get
        {
            lock (_samples) return [.. _samples];
        }
    }

    /// <summary>Stops after the read in progress has its answer.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
    }

    /// <summary>Every read answered 200 (and there were some).</summary>
    public void ShouldHaveAnsweredEveryRead()
    {
        var samples = Samples;
        var failed = samples.Where(s => s.Outcome != "200").ToList();
        Assert.True(samples.Count > 0 && failed.Count == 0,
            $"every GET {Path} on {Node} should answer 200, but {failed.Count} of {samples.Count} did not:\n  "
            + string.Join("\n  ", failed.Select(s => s.ToString())));
    }

    public string Summary()
    {
        var samples = Samples;
        return samples.Count == 0
            ? $"{Node}: no reads"
            : $"{Node}: {samples.Count} reads of {Path}, {samples.Count(s => s.Outcome == "200")} answered 200, the slowest {samples.Max(s => s.Took).TotalSeconds:0.0} s (sent at {samples.MaxBy(s => s.Took)!.At.TotalSeconds:0.0} s)";
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await StopAsync();
        _stop.Dispose();
    }

    public sealed record Sample(TimeSpan At, TimeSpan Took, string Outcome)
    {
        public override string ToString() => $"sent at {At.TotalSeconds:0.0} s, took {Took.TotalSeconds:0.0} s: {Outcome}";
    }
}
