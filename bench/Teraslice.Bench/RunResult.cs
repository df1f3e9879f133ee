using System.Text.Json;
using System.Text.Json.Serialization;

namespace Teraslice.Akka.Bench;

/// <summary>What one run observed, before it is judged against the workload.</summary>
/// <param name="Completed">The execution reached <c>completed</c> (in-process: every slice ran).</param>
/// <param name="Seconds">First slice started (dispatched) to last slice finished.</param>
/// <param name="PeakRssMb">Peak RSS of every process involved during the run, by role.</param>
/// <param name="OtherProcessesCores">CPU the rest of the machine used meanwhile (cores): how disturbed the run was.</param>
public sealed record Measurement(
    string Status,
    long Slices,
    long FailedSlices,
    long RecordsIn,
    long RecordsOut,
    long Checksum,
    double Seconds,
    IReadOnlyDictionary<string, double> PeakRssMb,
    double? OtherProcessesCores)
{
    public bool Completed => Status == "completed";
}

/// <summary>One JSON line of the harness's output; the field set is fixed by WORKLOADS.md.</summary>
public sealed record RunResult(
    string Workload,
    string Mode,
    int Workers,
    long RecordsIn,
    long RecordsOut,
    long Checksum,
    bool Ok,
    double Seconds,
    double RecordsPerSec,
    double SlicesPerSec,
    IReadOnlyDictionary<string, double> PeakRssMb)
{
    /// <summary>Not a result field: the machine's other load during the run, for the summary.</summary>
    [JsonIgnore]
    public double? OtherProcessesCores { get; init; }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Judges a run: ok only if it produced exactly the workload's result and completed.</summary>
    /// <param name="problems">Why the run is not ok (empty when it is).</param>
    public static RunResult Judge(Workload workload, string mode, int workers, Measurement m, out List<string> problems)
    {
        problems = [];
        if (!m.Completed) problems.Add($"status {m.Status}, expected completed");
        if (m.FailedSlices != 0) problems.Add($"{m.FailedSlices} slice(s) failed");
        if (m.Slices != workload.Slices) problems.Add($"{m.Slices} slices processed, expected {workload.Slices}");
        if (m.RecordsIn != workload.RecordsIn) problems.Add($"records_in {m.RecordsIn}, expected {workload.RecordsIn}");
        if (m.RecordsOut != workload.ExpectedRecordsOut) problems.Add($"records_out {m.RecordsOut}, expected {workload.ExpectedRecordsOut}");
        if (m.Checksum != workload.ExpectedChecksum) problems.Add($"checksum {m.Checksum}, expected {workload.ExpectedChecksum}");
        if (!(m.Seconds > 0)) problems.Add($"seconds {m.Seconds}: no measurable span");

        var seconds = m.Seconds > 0 ? m.Seconds : double.NaN;
        return new RunResult(workload.Name, mode, workers, m.RecordsIn, m.RecordsOut, m.Checksum, problems.Count == 0,
            Math.Round(m.Seconds, 4),
            Round(m.RecordsIn / seconds),
            Round(m.Slices / seconds),
            m.PeakRssMb) { OtherProcessesCores = m.OtherProcessesCores };
    }

    public string ToJsonLine() => JsonSerializer.Serialize(this, JsonOptions);

    // NaN/∞ cannot be written as JSON numbers; a run without a span reports 0 (and is not ok)
    private static double Round(double value) => double.IsFinite(value) ? Math.Round(value, 1) : 0;
}
