namespace Teraslice.Akka.Operations.Testing;

// The operations of the benchmark workloads (shared/bench/WORKLOADS.md), built in so that a
// node can run them end to end: bench_gen → set_field → filter_age → count_sink.

/// <summary><c>bench_gen</c>: a reader of <c>slices</c> slices of <c>size</c> deterministic records each.</summary>
public sealed class BenchGen : ReaderDefinition<BenchGenConfig, BenchGenSlicer, BenchGenFetcher>
{
    public override string Name => "bench_gen";
    public override string Description => "Benchmark reader: deterministic records {id, name, age, country, score, tags, created}";
}

public sealed record BenchGenConfig : OpConfig
{
    /// <summary>How many slices in all.</summary>
    [Positive]
    public long Slices { get; init; } = 100;

    /// <summary>Records per slice.</summary>
    [Positive]
    public long Size { get; init; } = 10_000;
}

/// <summary>A bench_gen slice request: records <c>start … start+count-1</c>.</summary>
public sealed record BenchGenRequest(long Start, long Count);

public sealed class BenchGenSlicer : Slicer<BenchGenConfig>
{
    private long _next;

    public override bool IsRecoverable => true;

    public override ValueTask InitializeAsync(CancellationToken ct)
    {
        // resume after the last slice cut: its start / size is its index
        if (Recovery?.LastSlice?.GetInt64("start") is { } lastStart) _next = lastStart / Config.Size + 1;
        return ValueTask.CompletedTask;
    }

    public override ValueTask<SliceResult> SliceAsync(CancellationToken ct)
    {
        if (_next >= Config.Slices) return ValueTask.FromResult(SliceResult.Done);
        var request = new BenchGenRequest(_next * Config.Size, Config.Size);
        _next++;
        return ValueTask.FromResult(SliceResult.One(request));
    }
}

public sealed class BenchGenFetcher : Fetcher<BenchGenConfig>
{
    private static readonly string[] Countries = ["US", "GB", "DE", "FR", "JP", "BR", "IN", "CA"];
    private static readonly DateTime Epoch = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public override ValueTask<List<DataEntity>> FetchAsync(SliceContext slice, CancellationToken ct)
    {
        var start = slice.Request.GetInt64("start") ?? 0;
        var count = (int)(slice.Request.GetInt64("count") ?? 0);
        var records = new List<DataEntity>(count);
        for (long i = start, end = start + count; i < end; i++) records.Add(Make(i));
        return ValueTask.FromResult(records);
    }

    /// <summary>Record <paramref name="i"/> of the workload.</summary>
    public static DataEntity Make(long i)
    {
        var record = new DataEntity(8);
        record.Set("id", i);
        record.Set("name", "user-" + i);
        record.Set("age", i % 90);
        record.Set("country", Countries[i % 8]);
        record.Set("score", (i * 7919 % 10000) / 100d);
        record.Set("tags", new List<object?>(2) { "a", "b" });
        record.Set("created", IsoDate.Format(Epoch.AddSeconds(i)));
        return record;
    }
}

/// <summary><c>filter_age</c>: keeps records whose <c>age</c> is at least <c>min</c> (18).</summary>
public sealed class FilterAge : ProcessorDefinition<FilterAgeConfig, FilterAgeProcessor>
{
    public override string Name => "filter_age";
    public override string Description => "Benchmark filter: keeps records with age >= min";
}

public sealed record FilterAgeConfig : OpConfig
{
    public long Min { get; init; } = 18;
}

public sealed class FilterAgeProcessor : FilterProcessor<FilterAgeConfig>
{
    public override bool Filter(DataEntity record) => record.Get("age") is long age && age >= Config.Min;
}

/// <summary>
/// <c>count_sink</c>: counts records and sums their <c>id</c>s into the slice counters
/// <c>count_sink.records</c> and <c>count_sink.id_sum</c>; emits nothing.
/// </summary>
public sealed class CountSink : ProcessorDefinition<EmptyOpConfig, CountSinkProcessor>
{
    public const string RecordsCounter = "count_sink.records";
    public const string IdSumCounter = "count_sink.id_sum";

    public override string Name => "count_sink";
    public override string Description => "Benchmark sink: counts records and sums their ids into the execution's counters";
}

public sealed class CountSinkProcessor : BatchProcessor<EmptyOpConfig>
{
    public override ValueTask<List<DataEntity>> OnBatchAsync(List<DataEntity> data, SliceContext slice, CancellationToken ct)
    {
        long sum = 0;
        foreach (var record in data)
            if (record.Get("id") is long id) sum += id;
        slice.AddCounter(CountSink.RecordsCounter, data.Count);
        slice.AddCounter(CountSink.IdSumCounter, sum);
        data.Clear();
        return ValueTask.FromResult(data);
    }
}
