using Microsoft.Extensions.Logging;
using Teraslice.Akka.Protocol.Slicing;

namespace Teraslice.Akka.Operations;

/// <summary>The outcome of running one slice.</summary>
/// <param name="Error">Null on success; else the last attempt's error text.</param>
/// <param name="Attempts">How many times the slice ran in this worker.</param>
public sealed record SliceOutcome(SliceMetrics Metrics, string? Error, int Attempts)
{
    public bool Succeeded => Error is null;
}

/// <summary>
/// A worker's fetcher and processors, run over one slice at a time. A failing slice is retried
/// in place up to <c>max_retries</c> times with exponential backoff from 100 ms (Teraslice's
/// in-worker retries); each attempt re-runs the fetcher and every processor.
/// </summary>
public sealed class SlicePipeline(IFetcher fetcher, IReadOnlyList<IProcessor> processors, int maxRetries, ILogger logger)
    : IAsyncDisposable
{
    /// <summary>The first retry waits this long; each further one twice as long.</summary>
    public static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);

    public async ValueTask InitializeAsync(CancellationToken ct)
    {
        await fetcher.InitializeAsync(ct);
        foreach (var processor in processors) await processor.InitializeAsync(ct);
    }

    /// <summary>Runs the slice, retrying failures; never throws for an operation's error (cancellation does throw).</summary>
    public async Task<SliceOutcome> RunAsync(SliceContext slice, CancellationToken ct)
    {
        var attempts = 0;
        while (true)
        {
            attempts++;
            try
            {
                var data = await fetcher.FetchAsync(slice, ct);
                var recordsIn = data.Count;
                foreach (var processor in processors) data = await processor.ProcessAsync(data, slice, ct);
                return new SliceOutcome(new SliceMetrics(recordsIn, data.Count, slice.Counters?.ToDictionary()), null, attempts);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                if (attempts > maxRetries)
                {
                    logger.LogWarning(e, "Slice {SliceId} failed after {Attempts} attempt(s)", slice.SliceId, attempts);
                    return new SliceOutcome(SliceMetrics.Zero, e.ToString(), attempts);
                }
                var delay = FirstBackoff * Math.Pow(2, attempts - 1);
                logger.LogInformation("Slice {SliceId} failed (attempt {Attempt}), retrying in {Delay} ms: {Error}",
                    slice.SliceId, attempts, delay.TotalMilliseconds, e.Message);
                slice.ResetCounters();
                slice.RetryCount++;
                await Task.Delay(delay, ct);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await fetcher.DisposeAsync();
        foreach (var processor in processors) await processor.DisposeAsync();
    }
}
