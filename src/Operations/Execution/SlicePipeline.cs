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
public sealed class SlicePipeline(IFetcher fetcher, IReadOnlyList<IProcessor> processors, int maxRetries, ILogger logger, ApiRegistry? apis = null)
    : IAsyncDisposable
{
    private readonly ApiRegistry _apis = apis ?? ApiRegistry.Empty;
    /// <summary>The operation APIs of this worker.</summary>
    public ApiRegistry Apis => _apis;

    private readonly ISliceLifecycle[] _hooks = new object[] { fetcher }.Concat(processors).OfType<ISliceLifecycle>().ToArray();

    /// <summary>The first retry waits this long; each further one twice as long.</summary>
    public static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);

    public async ValueTask InitializeAsync(CancellationToken ct)
    {
        await _apis.InitializeAsync(ct);
        await fetcher.InitializeAsync(ct);
        foreach (var processor in processors) await processor.InitializeAsync(ct);
    }

    /// <summary>
    /// Runs the slice, retrying failures, calling each operation's slice hooks
    /// (<see cref="ISliceLifecycle"/>); never throws for an operation's error (cancellation does throw).
    /// </summary>
    public async Task<SliceOutcome> RunAsync(SliceContext slice, CancellationToken ct)
    {
        var attempts = 0;
        while (true)
        {
            attempts++;
            try
            {
                foreach (var hook in _hooks) await hook.OnSliceInitializedAsync(slice, ct);
                var data = await fetcher.FetchAsync(slice, ct);
                var recordsIn = data.Count;
                foreach (var hook in _hooks) await hook.OnSliceStartedAsync(slice, ct);
                foreach (var processor in processors) data = await processor.ProcessAsync(data, slice, ct);
                foreach (var hook in _hooks) await hook.OnSliceFinalizingAsync(slice, ct);
                var outcome = new SliceOutcome(new SliceMetrics(recordsIn, data.Count, slice.Counters?.ToDictionary()), null, attempts);
                foreach (var hook in _hooks) await hook.OnSliceFinishedAsync(slice, ct);
                return outcome;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                if (attempts > maxRetries || !await RetryHooksAllowAsync(slice, e, ct))
                {
                    logger.LogWarning(e, "Slice {SliceId} failed after {Attempts} attempt(s)", slice.SliceId, attempts);
                    await FailedHooksAsync(slice, e, ct);
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

    /// <summary>Teraslice's onSliceRetry: a hook that throws stops the retries.</summary>
    private async Task<bool> RetryHooksAllowAsync(SliceContext slice, Exception error, CancellationToken ct)
    {
        try
        {
            foreach (var hook in _hooks) await hook.OnSliceRetryAsync(slice, error, ct);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Slice {SliceId} failed to retry", slice.SliceId);
            return false;
        }
    }

    private async Task FailedHooksAsync(SliceContext slice, Exception error, CancellationToken ct)
    {
        foreach (var hook in _hooks)
        {
            try
            {
                await hook.OnSliceFailedAsync(slice, error, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "An onSliceFailed hook of slice {SliceId} threw", slice.SliceId);
            }
        }
    }

    /// <summary>Disposes every operation and API, each on its own: one that throws (collect with unflushed records) does not keep the others open.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var disposable in new IAsyncDisposable[] { fetcher }.Concat(processors).Append(_apis))
        {
            try
            {
                await disposable.DisposeAsync();
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Disposing {Operation} failed", disposable.GetType().Name);
            }
        }
    }
}
