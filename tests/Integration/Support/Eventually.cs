using System.Diagnostics;

namespace Teraslice.Akka.Integration.Support;

/// <summary>Bounded polling: the way these tests wait for something to happen in another process.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Calls <paramref name="probe"/> until <paramref name="done"/> holds for its answer and returns
    /// that answer. Connection errors (a node restarting) count as "not yet". At the deadline it
    /// fails with <paramref name="describe"/> of the last answer and the last connection error.
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, Func<T?, string> describe,
        TimeSpan? interval = null)
        where T : class
    {
        var watch = Stopwatch.StartNew();
        T? last = null;
        Exception? lastError = null;
        while (true)
        {
            try
            {
                last = await probe();
                lastError = null;
                if (done(last)) return last;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                lastError = e;
            }
            if (watch.Elapsed >= timeout)
                throw new TimeoutException(describe(last) + (lastError is null ? "" : $" (last request failed: {lastError.Message})"));
            await Task.Delay(interval ?? DefaultInterval);
        }
    }
}
