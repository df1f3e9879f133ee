using Teraslice.Akka.Operations;

namespace SampleAsset;

/// <summary>
/// <c>counter_reader</c>: a reader of <c>numbers</c> records <c>{"n": i, "parity": "even"|"odd"}</c>
/// (i from 0), cut into slices of <c>size</c> records. The slicer is recoverable: a resumed
/// execution goes on after the last slice it cut.
/// </summary>
public sealed class CounterReader : ReaderDefinition<CounterReaderConfig, CounterSlicer, CounterFetcher>
{
    public override string Name => "counter_reader";
    public override string Description => "Reads the numbers 0..numbers-1, size per slice";
}

public sealed record CounterReaderConfig : OpConfig
{
    /// <summary>How many records in all (once jobs; persistent jobs count on forever).</summary>
    [Positive]
    public long Numbers { get; init; } = 1000;

    /// <summary>Records per slice.</summary>
    [Positive]
    public long Size { get; init; } = 100;
}

/// <summary>One slice: the records <c>start</c> .. <c>start + count - 1</c>.</summary>
public sealed record CounterRequest(long Start, long Count);

public sealed class CounterSlicer : Slicer<CounterReaderConfig>
{
    private long _next;

    public override bool IsRecoverable => true;

    public override ValueTask InitializeAsync(CancellationToken ct)
    {
        // resuming: start after the last slice cut before (its request is snake_case JSON)
        if (Recovery?.LastSlice is { } last && last.GetInt64("start") is { } start && last.GetInt64("count") is { } count)
            _next = start + count;
        return ValueTask.CompletedTask;
    }

    public override ValueTask<SliceResult> SliceAsync(CancellationToken ct)
    {
        var once = Context.Execution.IsOnce;
        if (once && _next >= Config.Numbers) return ValueTask.FromResult(SliceResult.Done);
        var count = once ? Math.Min(Config.Size, Config.Numbers - _next) : Config.Size;
        var request = new CounterRequest(_next, count);
        _next += count;
        return ValueTask.FromResult(SliceResult.One(request));
    }
}

public sealed class CounterFetcher : Fetcher<CounterReaderConfig>
{
    public override ValueTask<List<DataEntity>> FetchAsync(SliceContext slice, CancellationToken ct)
    {
        var request = slice.Request.As<CounterRequest>();
        var records = new List<DataEntity>((int)request.Count);
        for (var n = request.Start; n < request.Start + request.Count; n++)
        {
            var record = new DataEntity(2);
            record.Set("n", n);
            record.Set("parity", n % 2 == 0 ? "even" : "odd");
            records.Add(record);
        }
        return ValueTask.FromResult(records);
    }
}
