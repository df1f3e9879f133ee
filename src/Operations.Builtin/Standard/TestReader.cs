using System.Globalization;
using System.Text.Json.Nodes;

namespace Teraslice.Akka.Operations.Standard;

/// <summary>
/// <c>test-reader</c> (Teraslice core built-in): a reader for trying jobs out. The slicer hands out
/// the requests of a JSON array (<c>slicer_data_file_path</c>, else a built-in sample of ten
/// <c>{start, end}</c> requests): once, each request then the end; persistent, round and round.
/// The fetcher returns the records of a JSON array (<c>fetcher_data_file_path</c>, else a built-in
/// sample) for every slice, or, with <c>passthrough_slice</c>, the slice request itself, which must
/// then be an array of records.
/// </summary>
public sealed class TestReader : ReaderDefinition<TestReaderConfig, TestReaderSlicer, TestReaderFetcher>
{
    public override string Name => "test-reader";
    public override string Description => "Reads sample records or records from JSON files, for trying jobs out";
}

public sealed record TestReaderConfig : OpConfig
{
    /// <summary>A JSON file holding an array of records, read on the workers (relative paths from the node's working directory).</summary>
    [NonEmpty]
    public string? FetcherDataFilePath { get; init; }

    /// <summary>A JSON file holding an array of slice requests, read by the slicer.</summary>
    [NonEmpty]
    public string? SlicerDataFilePath { get; init; }

    /// <summary>The fetcher returns the slice request (an array of records) instead of the data file.</summary>
    public bool PassthroughSlice { get; init; }
}

public sealed class TestReaderSlicer : Slicer<TestReaderConfig>
{
    private List<string> _requests = [];
    private int _position;

    public override ValueTask InitializeAsync(CancellationToken ct)
    {
        var array = Config.SlicerDataFilePath is { } path ? TestReaderFiles.ReadArray(path) : TestReaderSamples.SliceRequests();
        _requests = new List<string>(array.Count);
        foreach (var request in array) _requests.Add(request?.ToJsonString() ?? "null");
        return ValueTask.CompletedTask;
    }

    public override ValueTask<SliceResult> SliceAsync(CancellationToken ct)
    {
        if (Context.Execution.IsOnce)
        {
            // a null request ends the work early, as upstream's shift() returning null does
            if (_position >= _requests.Count || _requests[_position] == "null") return ValueTask.FromResult(SliceResult.Done);
            return ValueTask.FromResult(SliceResult.One(_requests[_position++]));
        }
        if (_requests.Count == 0) return ValueTask.FromResult(SliceResult.None);
        // upstream's cycle skips the first request and never returns a one-request file; ours goes round them all
        var request = _requests[_position];
        _position = (_position + 1) % _requests.Count;
        return ValueTask.FromResult(SliceResult.One(request));
    }
}

public sealed class TestReaderFetcher : Fetcher<TestReaderConfig>
{
    private byte[]? _cached;

    public override ValueTask<List<DataEntity>> FetchAsync(SliceContext slice, CancellationToken ct)
    {
        if (Config.PassthroughSlice)
        {
            if (JsonNode.Parse(slice.Request.Json) is not JsonArray passed)
                throw new InvalidOperationException("Test, when passthrough_slice is set to true it expects an array");
            return ValueTask.FromResult(ToRecords(passed, "the slice request"));
        }
        if (Config.FetcherDataFilePath is not { } path) return ValueTask.FromResult(TestReaderSamples.Records());
        _cached ??= TestReaderFiles.ReadBytes(path);
        // parsed again for every slice: processors change the records they get
        return ValueTask.FromResult(ToRecords(TestReaderFiles.ParseArray(_cached, path), path));
    }

    private static List<DataEntity> ToRecords(JsonArray array, string source)
    {
        var records = new List<DataEntity>(array.Count);
        foreach (var item in array)
        {
            if (item is not JsonObject record)
                throw new InvalidOperationException($"test-reader expects {source} to be an array of objects, found {item?.ToJsonString() ?? "null"}");
            records.Add(DataEntityJson.FromNode(record));
        }
        return records;
    }
}

internal static class TestReaderFiles
{
    public static byte[] ReadBytes(string path)
    {
        try
        {
            return File.ReadAllBytes(Path.GetFullPath(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new InvalidOperationException($"Unable to read file at path {path}", e);
        }
    }

    public static JsonArray ReadArray(string path) => ParseArray(ReadBytes(path), path);

    public static JsonArray ParseArray(byte[] json, string path)
    {
        try
        {
            return JsonNode.Parse(json) as JsonArray
                ?? throw new InvalidOperationException($"The file at path {path} must hold a JSON array");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidOperationException($"Unable to read file at path {path}: {e.Message}", e);
        }
    }
}

/// <summary>The built-in samples used when no file is given (same shapes as upstream's, other values).</summary>
internal static class TestReaderSamples
{
    public const int RecordCount = 100;

    public static JsonArray SliceRequests()
    {
        var requests = new JsonArray();
        for (var i = 0; i < 10; i++)
        {
            // deterministic pseudo-random {start, end} pairs, start < 0 < end as upstream's
            var start = -(long)((i + 1) * 612_345_678_901_234L % 7_000_000_000_000_000L) - 1;
            var end = (long)((i + 3) * 845_678_901_234_567L % 9_000_000_000_000_000L) + 1;
            requests.Add(new JsonObject { ["start"] = start, ["end"] = end });
        }
        return requests;
    }

    public static List<DataEntity> Records()
    {
        var records = new List<DataEntity>(RecordCount);
        var created = new DateTime(2046, 5, 16, 1, 37, 21, DateTimeKind.Utc);
        for (var i = 0; i < RecordCount; i++)
        {
            var record = new DataEntity(5);
            record.Set("id", new Guid(i * 7919 + 1, (short)i, 0x5000, 0x80, 0, 0, 0, 0, 0, 0, (byte)i).ToString());
            record.Set("name", "Sample Person " + i.ToString(CultureInfo.InvariantCulture));
            record.Set("ip", string.Create(CultureInfo.InvariantCulture, $"{i * 37 % 223 + 1}.{i * 91 % 256}.{i * 13 % 256}.{i * 211 % 256}"));
            record.Set("url", "http://sample.example/" + i.ToString(CultureInfo.InvariantCulture));
            record.Set("created", IsoDate.Format(created));
            records.Add(record);
        }
        return records;
    }
}
