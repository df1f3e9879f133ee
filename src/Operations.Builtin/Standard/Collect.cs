using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace Teraslice.Akka.Operations.Standard;

/// <summary>
/// <c>collect</c> (Teraslice core built-in): gathers records across slices and passes them on in
/// batches of <c>size</c>, or whatever it holds once <c>wait</c> has passed since the oldest
/// waiting record arrived. A slice that is not due passes on nothing. Shutting down with records
/// still held throws (they are lost), as upstream.
/// </summary>
public sealed class Collect : ProcessorDefinition<CollectConfig, CollectProcessor>
{
    public override string Name => "collect";
    public override string Description => "Gathers records across slices into batches of size, or after wait";
}

public sealed record CollectConfig : OpConfig
{
    /// <summary>How many records to pass on at a time (upstream's default null passes on nothing, so it is required here).</summary>
    [Required(ErrorMessage = "is required")]
    [Positive]
    public int? Size { get; init; }

    /// <summary>The longest time records wait for a batch to fill: milliseconds or a duration text (required, as size).</summary>
    [Required(ErrorMessage = "is required")]
    [JsonConverter(typeof(OptionalDurationConverter))]
    [NonNegative]
    public long? Wait { get; init; }
}

public sealed class CollectProcessor : BatchProcessor<CollectConfig>
{
    private readonly List<DataEntity> _queue = [];
    private long? _startedAt;

    // What the current slice changed, to undo it when the slice fails (a retry would add its
    // records twice; a failed slice would lose the records of earlier slices it passed on).
    private bool _pending;
    private int _added;
    private List<DataEntity>? _emitted;
    private long? _startedBefore;

    /// <summary>The clock; tests swap it.</summary>
    internal TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Records held for a later slice.</summary>
    public int QueuedCount => _queue.Count;

    public override ValueTask<List<DataEntity>> OnBatchAsync(List<DataEntity> data, SliceContext slice, CancellationToken ct)
    {
        var now = Clock.GetUtcNow().ToUnixTimeMilliseconds();
        _pending = true;
        _added = data.Count;
        _emitted = null;
        _startedBefore = _startedAt;

        if (_queue.Count == 0) _startedAt = now;
        _queue.AddRange(data);

        var size = Config.Size!.Value;
        var due = _startedAt is { } started && now >= started + Config.Wait!.Value;
        if (!due && _queue.Count < size) return ValueTask.FromResult(new List<DataEntity>());

        var take = Math.Min(size, _queue.Count);
        var batch = _queue.GetRange(0, take);
        _queue.RemoveRange(0, take);
        // upstream forgets the start time here, so leftovers only leave once size is reached again;
        // restarting it lets them leave after another wait
        _startedAt = _queue.Count > 0 ? now : null;
        _emitted = [.. batch];
        return ValueTask.FromResult(batch);
    }

    public override ValueTask OnSliceInitializedAsync(SliceContext slice, CancellationToken ct)
    {
        _pending = false;
        return ValueTask.CompletedTask;
    }

    public override ValueTask OnSliceFinishedAsync(SliceContext slice, CancellationToken ct)
    {
        _pending = false;
        _emitted = null;
        return ValueTask.CompletedTask;
    }

    public override ValueTask OnSliceRetryAsync(SliceContext slice, Exception error, CancellationToken ct)
    {
        Undo();
        return ValueTask.CompletedTask;
    }

    public override ValueTask OnSliceFailedAsync(SliceContext slice, Exception error, CancellationToken ct)
    {
        Undo();
        return ValueTask.CompletedTask;
    }

    /// <summary>Puts the queue back as it was before the failed slice: its own records out, the ones it passed on back in front.</summary>
    private void Undo()
    {
        if (!_pending) return;
        _pending = false;
        if (_emitted is not null) _queue.InsertRange(0, _emitted);
        _queue.RemoveRange(_queue.Count - _added, _added);
        _startedAt = _startedBefore;
        _emitted = null;
    }

    public override ValueTask DisposeAsync()
    {
        var left = _queue.Count;
        _queue.Clear();
        if (left > 0)
        {
            Context?.Logger.LogError("collect shut down holding {Count} records that were never passed on", left);
            throw new InvalidOperationException($"Collect is shutdown with {left} unprocessed records");
        }
        return base.DisposeAsync();
    }
}
