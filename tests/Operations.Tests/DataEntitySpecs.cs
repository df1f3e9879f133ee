using Teraslice.Akka.Operations;
using Xunit;

namespace Teraslice.Akka.Operations.Tests;

public sealed class DataEntitySpecs
{
    [Fact]
    public void Fields_should_keep_their_order_and_replace_in_place()
    {
        var record = new DataEntity { ["a"] = 1L, ["b"] = "two" };
        record["a"] = 3L;
        record.Set("c", null);
        Assert.Equal(["a", "b", "c"], record.Keys);
        Assert.Equal(3L, record["a"]);
        Assert.Equal(3, record.Count);
    }

    [Fact]
    public void A_missing_field_should_be_null_through_Get_and_throw_through_the_indexer()
    {
        var record = new DataEntity();
        Assert.Null(record.Get("nope"));
        Assert.Throws<KeyNotFoundException>(() => record["nope"]);
    }

    [Fact]
    public void Remove_should_close_the_gap()
    {
        var record = new DataEntity { ["a"] = 1L, ["b"] = 2L, ["c"] = 3L };
        Assert.True(record.Remove("b"));
        Assert.False(record.Remove("b"));
        Assert.Equal(["a", "c"], record.Keys);
        Assert.Equal(3L, record["c"]);
    }

    [Fact]
    public void Wide_records_should_look_fields_up_through_an_index_that_stays_right()
    {
        var record = new DataEntity();
        for (var i = 0; i < 40; i++) record.Set("f" + i, (long)i);
        record.Remove("f3");
        record.Set("f3", 300L);
        Assert.Equal(39L, record["f39"]);
        Assert.Equal(300L, record["f3"]);
        Assert.Equal("f3", record.Keys.Last());
        Assert.False(record.ContainsKey("f40"));
    }

    [Fact]
    public void Metadata_should_be_separate_from_fields_and_copied_by_Clone()
    {
        var record = new DataEntity { ["id"] = 1L };
        record.Key = "k1";
        record.EventTime = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var copy = record.Clone();
        copy["id"] = 2L;
        Assert.Equal("k1", copy.Key);
        Assert.Equal(1L, record["id"]);
        Assert.False(record.ContainsKey(MetadataNames.Key));
        Assert.Equal(record.EventTime, copy.EventTime);
    }

    [Fact]
    public void Json_should_round_trip_nested_values()
    {
        const string json = """{"id":7,"name":"x","score":1.5,"ok":true,"none":null,"tags":["a",1],"geo":{"lat":1.25}}""";
        var record = DataEntityJson.Parse(json);
        Assert.Equal(7L, record["id"]);
        Assert.Equal(1.5, record["score"]);
        Assert.IsType<DataEntity>(record["geo"]);
        Assert.Equal(json, DataEntityJson.Serialize(record));
    }

    [Fact]
    public void Dates_should_be_written_as_JavaScript_writes_them()
    {
        Assert.Equal("2024-01-01T00:00:05.000Z", IsoDate.Format(new DateTime(2024, 1, 1, 0, 0, 5, DateTimeKind.Utc)));
        Assert.Equal("1999-12-31T23:59:59.123Z", IsoDate.Format(new DateTime(1999, 12, 31, 23, 59, 59, 123, DateTimeKind.Utc)));
    }
}
