using System.Text.Json.Nodes;

namespace Teraslice.Akka.Bench;

/// <summary>
/// A workload of shared/bench/WORKLOADS.md: bench_gen → set_field → filter_age → count_sink over
/// <see cref="Slices"/> slices of <see cref="Size"/> records, and the result it must produce.
/// </summary>
public sealed record Workload(string Name, long Slices, long Size, long ExpectedRecordsOut, long ExpectedChecksum)
{
    /// <summary>W1 gen-filter: records per second.</summary>
    public static readonly Workload W1 = new("w1", 100, 10_000, 799_992, 399_998_799_972);

    /// <summary>W2 tiny-slices: slices per second (per-slice overhead).</summary>
    public static readonly Workload W2 = new("w2", 20_000, 1, 15_986, 159_856_021);

    public static IReadOnlyList<Workload> All { get; } = [W1, W2];

    public long RecordsIn => Slices * Size;

    /// <summary>
    /// The same workload with half the slices (same slice size), to warm the JIT, the pools and the
    /// journal before measuring: at least 30 slices, so that per-slice methods reach tier-1 code.
    /// Its expected result is computed, not taken from WORKLOADS.md.
    /// </summary>
    public Workload WarmUp()
    {
        var slices = Math.Max(1, Slices / 2);
        var (recordsOut, checksum) = Expected(slices * Size);
        return this with { Slices = slices, ExpectedRecordsOut = recordsOut, ExpectedChecksum = checksum };
    }

    /// <summary>What count_sink reports for records 0 … n-1: those with age (i % 90) ≥ 18, and their id sum.</summary>
    public static (long RecordsOut, long Checksum) Expected(long records)
    {
        long count = 0, sum = 0;
        for (long i = 0; i < records; i++)
        {
            if (i % 90 < 18) continue;
            count++;
            sum += i;
        }
        return (count, sum);
    }

    /// <summary>The job spec, as submitted to POST /v1/jobs.</summary>
    public JsonObject Job(int workers) => new()
    {
        ["name"] = $"bench-{Name}",
        ["lifecycle"] = "once",
        ["workers"] = workers,
        ["operations"] = new JsonArray(
            new JsonObject { ["_op"] = "bench_gen", ["slices"] = Slices, ["size"] = Size },
            new JsonObject { ["_op"] = "set_field", ["field"] = "processed", ["value"] = true },
            new JsonObject { ["_op"] = "filter_age" },
            new JsonObject { ["_op"] = "count_sink" }),
    };
}
