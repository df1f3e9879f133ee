namespace Teraslice.Akka.Operations;

/// <summary>What a slicer returns from one call: requests, nothing for now, or the end.</summary>
public readonly record struct SliceResult
{
    private SliceResult(IReadOnlyList<object>? requests, bool isDone)
    {
        Requests = requests ?? [];
        IsDone = isDone;
    }

    /// <summary>The requests cut by this call (each becomes one slice, in order).</summary>
    public IReadOnlyList<object> Requests { get; }

    /// <summary>No more work, ever (once jobs). Requests returned with it are still sliced.</summary>
    public bool IsDone { get; }

    /// <summary>The end of the work (a once job's slicer returning null in Teraslice).</summary>
    public static SliceResult Done { get; } = new(null, true);

    /// <summary>Nothing to cut right now (a persistent job's slicer returning null); asked again later.</summary>
    public static SliceResult None { get; } = new(null, false);

    public static SliceResult One(object request) => new([request], false);

    public static SliceResult Many(IEnumerable<object> requests) => new(requests.ToList(), false);

    public static SliceResult Last(IEnumerable<object> requests) => new(requests.ToList(), true);
}

/// <summary>Where a recoverable slicer starts again: the request of the last slice it cut before.</summary>
public sealed record SlicerRecovery(SliceRequest? LastSlice);

/// <summary>Cuts the work of an execution into slice requests. One instance per slicer id.</summary>
public interface ISlicer : IAsyncDisposable
{
    /// <summary>Whether the slicer can start again from <see cref="SlicerRecovery"/> (resume after a crash, _recover).</summary>
    bool IsRecoverable { get; }

    /// <summary>How many cut slices may wait for a worker before the slicer is asked for more (null: the default).</summary>
    int? MaxQueueLength { get; }

    /// <summary>Called once before the first <see cref="SliceAsync"/>; <paramref name="recovery"/> is set when resuming.</summary>
    ValueTask InitializeAsync(SlicerRecovery? recovery, CancellationToken ct);

    /// <summary>Cuts the next request(s). Never called concurrently.</summary>
    ValueTask<SliceResult> SliceAsync(CancellationToken ct);
}

/// <summary>The start of a worker's pipeline: turns a slice request into records.</summary>
public interface IFetcher : IAsyncDisposable
{
    ValueTask InitializeAsync(CancellationToken ct);

    ValueTask<List<DataEntity>> FetchAsync(SliceContext slice, CancellationToken ct);
}

/// <summary>A pipeline step after the fetcher. May change the list in place and return it, or return another.</summary>
public interface IProcessor : IAsyncDisposable
{
    ValueTask InitializeAsync(CancellationToken ct);

    ValueTask<List<DataEntity>> ProcessAsync(List<DataEntity> data, SliceContext slice, CancellationToken ct);
}

/// <summary>Base of every operation instance: its typed config and context, and lifecycle hooks.</summary>
public abstract class Operation<TConfig, TContext> : IAsyncDisposable where TConfig : class
{
    public TConfig Config { get; internal set; } = null!;
    public TContext Context { get; internal set; } = default!;

    public virtual ValueTask InitializeAsync(CancellationToken ct) => ValueTask.CompletedTask;

    /// <summary>Called when the worker or slicer stops.</summary>
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Hooks a worker calls around each slice on every operation of its pipeline that implements
/// this (Teraslice's WorkerOperationLifeCycle). All default to nothing.
/// </summary>
public interface ISliceLifecycle
{
    /// <summary>Before the fetcher runs.</summary>
    ValueTask OnSliceInitializedAsync(SliceContext slice, CancellationToken ct);

    /// <summary>After the fetcher returned the slice's records.</summary>
    ValueTask OnSliceStartedAsync(SliceContext slice, CancellationToken ct);

    /// <summary>After the last operation, before the result is reported.</summary>
    ValueTask OnSliceFinalizingAsync(SliceContext slice, CancellationToken ct);

    /// <summary>The slice succeeded (its result is being reported).</summary>
    ValueTask OnSliceFinishedAsync(SliceContext slice, CancellationToken ct);

    /// <summary>The slice failed for good (retries exhausted).</summary>
    ValueTask OnSliceFailedAsync(SliceContext slice, Exception error, CancellationToken ct);

    /// <summary>The slice failed and is about to run again; throwing here stops the retries.</summary>
    ValueTask OnSliceRetryAsync(SliceContext slice, Exception error, CancellationToken ct);
}

/// <summary>
/// Base of the worker-side operations (fetchers, processors): lifecycle hooks, and
/// <see cref="RejectRecord"/> for records an operation cannot handle (<c>_dead_letter_action</c>).
/// </summary>
public abstract class WorkerOperation<TConfig> : Operation<TConfig, WorkerContext>, ISliceLifecycle where TConfig : OpConfig
{
    public virtual ValueTask OnSliceInitializedAsync(SliceContext slice, CancellationToken ct) => ValueTask.CompletedTask;
    public virtual ValueTask OnSliceStartedAsync(SliceContext slice, CancellationToken ct) => ValueTask.CompletedTask;
    public virtual ValueTask OnSliceFinalizingAsync(SliceContext slice, CancellationToken ct) => ValueTask.CompletedTask;
    public virtual ValueTask OnSliceFinishedAsync(SliceContext slice, CancellationToken ct) => ValueTask.CompletedTask;
    public virtual ValueTask OnSliceFailedAsync(SliceContext slice, Exception error, CancellationToken ct) => ValueTask.CompletedTask;
    public virtual ValueTask OnSliceRetryAsync(SliceContext slice, Exception error, CancellationToken ct) => ValueTask.CompletedTask;

    /// <summary>
    /// A record this operation cannot handle, dealt with as <c>_dead_letter_action</c> says:
    /// <c>throw</c> (default) throws <paramref name="error"/> (the slice fails), <c>log</c> logs it
    /// and drops the record, <c>none</c> drops it silently; any other value names an entry of the
    /// job's <c>apis</c> implementing <see cref="IDeadLetterApi"/>, which receives it.
    /// </summary>
    protected void RejectRecord(DataEntity record, Exception error)
    {
        switch (Config.DeadLetterAction)
        {
            case "throw":
                throw error;
            case "none":
                return;
            case "log":
                Microsoft.Extensions.Logging.LoggerExtensions.LogWarning(Context.Logger, error,
                    "{Op} rejected a record: {Record}", Config.Op, DataEntityJson.Serialize(record));
                return;
            default:
                Context.Apis.Get<IDeadLetterApi>(Config.DeadLetterAction).Reject(record, error, Config.Op);
                return;
        }
    }
}

/// <summary>
/// An operation API: one object per worker shared by the operations of a job (a client, a sender,
/// a cache), declared in the job's <c>apis</c> under a <c>_name</c> and reached with
/// <c>Context.Apis.Get&lt;T&gt;(name)</c>.
/// </summary>
public interface IOperationApi : IAsyncDisposable
{
    ValueTask InitializeAsync(CancellationToken ct);
}

/// <summary>Base of an operation API with a typed config.</summary>
public abstract class OperationApi<TConfig> : Operation<TConfig, WorkerContext>, IOperationApi where TConfig : ApiConfig;

/// <summary>An API that takes the records operations reject (named by <c>_dead_letter_action</c>).</summary>
public interface IDeadLetterApi : IOperationApi
{
    void Reject(DataEntity record, Exception error, string op);
}

/// <summary>A slicer with a typed config. Override <see cref="SliceAsync"/>; opt into recovery with <see cref="IsRecoverable"/>.</summary>
public abstract class Slicer<TConfig> : Operation<TConfig, SlicerContext>, ISlicer where TConfig : OpConfig
{
    public virtual bool IsRecoverable => false;
    public virtual int? MaxQueueLength => null;

    public ValueTask InitializeAsync(SlicerRecovery? recovery, CancellationToken ct)
    {
        Recovery = recovery;
        return InitializeAsync(ct);
    }

    /// <summary>Set when the slicer resumes; read it in <see cref="Operation{TConfig,TContext}.InitializeAsync(CancellationToken)"/>.</summary>
    protected SlicerRecovery? Recovery { get; private set; }

    public abstract ValueTask<SliceResult> SliceAsync(CancellationToken ct);
}

/// <summary>A fetcher with a typed config.</summary>
public abstract class Fetcher<TConfig> : WorkerOperation<TConfig>, IFetcher where TConfig : OpConfig
{
    public abstract ValueTask<List<DataEntity>> FetchAsync(SliceContext slice, CancellationToken ct);
}

/// <summary>Processes the whole slice at once (Teraslice's BatchProcessor, <c>onBatch</c>).</summary>
public abstract class BatchProcessor<TConfig> : WorkerOperation<TConfig>, IProcessor where TConfig : OpConfig
{
    public abstract ValueTask<List<DataEntity>> OnBatchAsync(List<DataEntity> data, SliceContext slice, CancellationToken ct);

    ValueTask<List<DataEntity>> IProcessor.ProcessAsync(List<DataEntity> data, SliceContext slice, CancellationToken ct) =>
        OnBatchAsync(data, slice, ct);
}

/// <summary>Replaces each record by what <see cref="Map"/> returns (Teraslice's MapProcessor).</summary>
public abstract class MapProcessor<TConfig> : WorkerOperation<TConfig>, IProcessor where TConfig : OpConfig
{
    public abstract DataEntity Map(DataEntity record);

    ValueTask<List<DataEntity>> IProcessor.ProcessAsync(List<DataEntity> data, SliceContext slice, CancellationToken ct)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(data);
        for (var i = 0; i < span.Length; i++) span[i] = Map(span[i]);
        return ValueTask.FromResult(data);
    }
}

/// <summary>Keeps the records for which <see cref="Filter"/> is true (Teraslice's FilterProcessor).</summary>
public abstract class FilterProcessor<TConfig> : WorkerOperation<TConfig>, IProcessor where TConfig : OpConfig
{
    public abstract bool Filter(DataEntity record);

    ValueTask<List<DataEntity>> IProcessor.ProcessAsync(List<DataEntity> data, SliceContext slice, CancellationToken ct)
    {
        data.RemoveAll(record => !Filter(record));
        return ValueTask.FromResult(data);
    }
}

/// <summary>Looks at each record without changing the list (Teraslice's EachProcessor).</summary>
public abstract class EachProcessor<TConfig> : WorkerOperation<TConfig>, IProcessor where TConfig : OpConfig
{
    public abstract void ForEach(DataEntity record);

    ValueTask<List<DataEntity>> IProcessor.ProcessAsync(List<DataEntity> data, SliceContext slice, CancellationToken ct)
    {
        foreach (var record in data) ForEach(record);
        return ValueTask.FromResult(data);
    }
}
