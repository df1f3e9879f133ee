namespace Teraslice.Akka.Integration.Support;

/// <summary>Job specs the specs submit, and what they must produce.</summary>
public static class Jobs
{
    /// <summary>The acceptance job: 50,000 records in 10 slices.</summary>
    public const string Generate50k = """
        {"name":"gen","lifecycle":"once","workers":2,"operations":[{"_op":"data_generator","size":50000,"slice_size":5000},{"_op":"noop"}]}
        """;

    /// <summary>
    /// 30 slices of 100 records, 300 ms each, on 2 workers: about 4.5 s of work, so a test has a
    /// wide window to act while it is mid-way.
    /// </summary>
    public const string SlowOnce = """
        {"name":"slow-once","lifecycle":"once","workers":2,"operations":[{"_op":"data_generator","size":3000,"slice_size":100},{"_op":"delay","ms":300}]}
        """;

    public const int SlowOnceSlices = 30;
    public const int SlowOnceRecords = 3000;

    /// <summary>A once job too long to finish during a test (it is stopped): 1,000 slices of 100 ms.</summary>
    public const string LongOnce = """
        {"name":"long-once","lifecycle":"once","workers":2,"operations":[{"_op":"data_generator","size":100000,"slice_size":100},{"_op":"delay","ms":100}]}
        """;

    /// <summary>A persistent job: slices of 10 records forever, 50 ms each.</summary>
    public static string Persistent(string name = "persistent") => Persistent(name, workers: 2);

    /// <summary>A persistent job with <paramref name="workers"/> workers and slices of 10 records taking <paramref name="delayMs"/> each.</summary>
    public static string Persistent(string name, int workers, int delayMs = 50) => $$"""
        {"name":"{{name}}","lifecycle":"persistent","workers":{{workers}},"operations":[{"_op":"data_generator","size":10,"slice_size":10},{"_op":"delay","ms":{{delayMs}}}]}
        """;

    /// <summary>A once job of one slice of 10 records: completes in a moment.</summary>
    public static string Quick(string name) => $$"""
        {"name":"{{name}}","lifecycle":"once","workers":1,"operations":[{"_op":"data_generator","size":10,"slice_size":10},{"_op":"noop"}]}
        """;

    /// <summary>
    /// A persistent job of one worker whose slices take 10 s: once a slice is out, a stop with a
    /// timeout keeps the execution in "stopping" for that timeout.
    /// </summary>
    public static string SlowSlices(string name) => $$"""
        {"name":"{{name}}","lifecycle":"persistent","workers":1,"operations":[{"_op":"data_generator","size":1,"slice_size":1},{"_op":"delay","ms":10000}]}
        """;

    /// <summary><see cref="SlowOnce"/> with <c>autorecover: true</c>.</summary>
    public const string SlowOnceAutorecover = """
        {"name":"slow-once-autorecover","lifecycle":"once","workers":2,"autorecover":true,"operations":[{"_op":"data_generator","size":3000,"slice_size":100},{"_op":"delay","ms":300}]}
        """;

    /// <summary>W1 of shared/bench/WORKLOADS.md, scaled down.</summary>
    public static string W1(long slices, long size) => $$"""
        {"name":"w1","lifecycle":"once","workers":2,"operations":[
          {"_op":"bench_gen","slices":{{slices}},"size":{{size}}},
          {"_op":"set_field","field":"processed","value":true},
          {"_op":"filter_age"},
          {"_op":"count_sink"}]}
        """;

    /// <summary>W1's correct result from its definition: record i has age i % 90, kept when age ≥ 18.</summary>
    public static (long Count, long IdSum) W1Expected(long slices, long size)
    {
        long count = 0, sum = 0;
        for (long i = 0; i < slices * size; i++)
        {
            if (i % 90 < 18) continue;
            count++;
            sum += i;
        }
        return (count, sum);
    }
}
