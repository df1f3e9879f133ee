using Microsoft.Extensions.Logging.Abstractions;
using Teraslice.Akka.Operations.Builtin;
using Teraslice.Akka.Operations;
using Teraslice.Akka.Operations.Testing;
using Xunit;

namespace Teraslice.Akka.Operations.Tests;

public sealed class TestingOperationsSpecs
{
    private static SliceContext Slice(long order, string id = "s", int retry = 0) => new(id + order, 0, order, new SliceRequest("{}"), retry);

    private static List<DataEntity> Records(params long[] ids) => ids.Select(i => new DataEntity { ["id"] = i }).ToList();

    private static FaultInjectorProcessor Injector(FaultInjectorConfig config) => new()
    {
        Config = config,
        Context = new WorkerContext(PipelineSpecs.Plan("""[{"_op":"data_generator"},{"_op":"noop"}]""").Execution, "w", NullLogger.Instance),
    };

    [Fact]
    public async Task Fault_injector_should_fail_the_chosen_slicer_orders_only()
    {
        var injector = Injector(new FaultInjectorConfig { SlicerOrders = [2] });
        Assert.Single(await injector.OnBatchAsync(Records(1), Slice(1), default));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => injector.OnBatchAsync(Records(1), Slice(2), default).AsTask());
        Assert.Contains("slicer_order 2", error.Message);
    }

    [Fact]
    public async Task Fault_injector_should_fail_on_a_record_with_the_field_value()
    {
        var injector = Injector(new FaultInjectorConfig { Field = "id", Value = System.Text.Json.Nodes.JsonValue.Create(7) });
        await injector.OnBatchAsync(Records(1, 2), Slice(1), default);
        await Assert.ThrowsAsync<InvalidOperationException>(() => injector.OnBatchAsync(Records(6, 7), Slice(2), default).AsTask());
    }

    [Fact]
    public async Task Fault_injector_should_fail_only_the_first_attempts_when_asked()
    {
        var injector = Injector(new FaultInjectorConfig { SlicerOrders = [1], Attempts = 2 });
        await Assert.ThrowsAsync<InvalidOperationException>(() => injector.OnBatchAsync(Records(1), Slice(1, retry: 1), default).AsTask());
        Assert.Single(await injector.OnBatchAsync(Records(1), Slice(1, retry: 2), default));
    }

    [Fact]
    public async Task Fault_injector_rate_should_be_deterministic_per_seed_and_near_the_rate()
    {
        async Task<HashSet<string>> Failing(int seed)
        {
            var injector = Injector(new FaultInjectorConfig { Rate = 0.3, Seed = seed });
            var failed = new HashSet<string>();
            for (var i = 0; i < 1000; i++)
            {
                try
                {
                    await injector.OnBatchAsync(Records(1), Slice(i, "slice-"), default);
                }
                catch (InvalidOperationException)
                {
                    failed.Add("slice-" + i);
                }
            }
            return failed;
        }
        var first = await Failing(42);
        Assert.InRange(first.Count, 230, 370);
        Assert.Equal(first, await Failing(42));
        Assert.NotEqual(first, await Failing(43));
    }

    [Fact]
    public void Fault_injector_config_should_be_validated()
    {
        var validator = new JobValidator(BuiltinOperations.Registry);
        var error = Assert.Throws<JobValidationException>(() => validator.Validate((System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(
            """{"operations":[{"_op":"data_generator"},{"_op":"fault_injector","rate":2}]}""")!));
        Assert.Contains("fault_injector - rate: must be between 0 and 1, got 2", error.Message);
    }

    [Fact]
    public async Task Slice_log_should_append_one_line_per_slice()
    {
        var path = Path.Combine(Path.GetTempPath(), $"slice-log-{Guid.NewGuid():N}.tsv");
        try
        {
            var log = new SliceLogProcessor { Config = new SliceLogConfig { Path = path } };
            await log.OnBatchAsync(Records(1, 2, 3), Slice(1, "a"), default);
            await log.OnBatchAsync(Records(), Slice(2, "b"), default);
            Assert.Equal(["a1\t1\t3", "b2\t2\t0"], await File.ReadAllLinesAsync(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Slice_log_should_not_overwrite_the_line_of_another_process_appending_at_the_same_time()
    {
        // nodes on one host share the file: another node's worker has opened it to append (it is
        // positioned at the end) and has not written yet
        var path = Path.Combine(Path.GetTempPath(), $"slice-log-{Guid.NewGuid():N}.tsv");
        try
        {
            var log = new SliceLogProcessor { Config = new SliceLogConfig { Path = path } };
            await log.OnBatchAsync(Records(1), Slice(1, "a"), default);
            var other = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            Task<List<DataEntity>> mine;
            try
            {
                mine = Task.Run(() => log.OnBatchAsync(Records(2, 3), Slice(2, "b"), default).AsTask());
                await Task.Delay(300); // time for it to write, were it not waiting for the other writer
                other.Write("other-node-slice\t7\t1\n"u8);
            }
            finally
            {
                other.Dispose();
            }
            await mine.WaitAsync(TimeSpan.FromSeconds(10));
            var lines = await File.ReadAllLinesAsync(path);
            Assert.True(lines.Order().SequenceEqual(["a1\t1\t1", "b2\t2\t2", "other-node-slice\t7\t1"]),
                $"every writer's line should be in the file once, whole: [{string.Join(" | ", lines)}]");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
