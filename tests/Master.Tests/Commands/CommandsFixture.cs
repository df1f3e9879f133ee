using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Teraslice.Akka.Master.Assets;
using Teraslice.Akka.Master.Commands;
using Teraslice.Akka.Master.Events;
using Teraslice.Akka.Master.Executions;
using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Operations.Builtin;
using Teraslice.Akka.Operations;
using Teraslice.Akka.Protocol.Api;
using Teraslice.Akka.Protocol.Executions;
using Xunit;

namespace Teraslice.Akka.Master.Tests.Commands;

/// <summary>The command handlers over a SQLite store of the test's own (a temp folder, removed after).</summary>
public abstract class CommandsFixture : IAsyncLifetime
{
    public const string Version = "v3.18.0";
    public const string Job = """{"name":"j","lifecycle":"once","workers":1,"operations":[{"_op":"test-reader"},{"_op":"noop"}]}""";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"ts-command-specs-{Guid.NewGuid():N}");

    protected SqlStateStore Store { get; private set; } = null!;
    protected CommandHandlers Handlers { get; private set; } = null!;
    protected ClusterEventLog Events { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Store = SqlStateStore.Create(StorageProvider.Sqlite, $"Data Source={Path.Combine(_folder, "teraslice.db")}");
        Directory.CreateDirectory(_folder);
        await Store.InitializeAsync();
        var catalog = new AssetCatalog(Store, Path.Combine(_folder, "assets"), BuiltinOperations.Registry, NullLogger<AssetCatalog>.Instance);
        Events = new ClusterEventLog(Store);
        Handlers = CommandHandlers.Create(Store, catalog, Version, Events);
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Submits <see cref="Job"/> (or <paramref name="spec"/>) without starting it; returns its id.</summary>
    protected async Task<string> StoredJobAsync(string spec = Job)
    {
        var reply = JsonOf(await Handlers.Jobs.SubmitAsync(new SubmitJob(JobSpec.Parse(spec), Start: false)));
        return (string)reply["job_id"]!;
    }

    /// <summary>An execution of the job stored in <paramref name="status"/>.</summary>
    protected async Task<JsonObject> ExecutionAsync(string jobId, ExecutionStatus status, string? recovers = null)
    {
        var ex = Documents.NewExecution(JsonNode.Parse(Job)!.AsObject(), jobId, Guid.NewGuid().ToString(), Version);
        if (recovers is not null) ex["recovered_execution"] = recovers;
        await Store.InsertExecutionAsync(ex);
        await Task.Delay(5); // _created orders the latest
        return (await Store.PatchExecutionAsync(ex.Str("ex_id")!, Documents.StatusPatch(status)))!;
    }

    protected static JsonObject JsonOf(Decision decision) => decision switch
    {
        Decision.Answer { Reply: JsonReply json } => JsonNode.Parse(json.Json)!.AsObject(),
        Decision.ExecutionCreated created => JsonNode.Parse(created.Reply.Json)!.AsObject(),
        _ => throw new Xunit.Sdk.XunitException($"expected a JSON answer, got {decision}"),
    };

    protected static void ShouldReject(Decision decision, RejectionKind kind, string message)
    {
        var answer = Assert.IsType<Decision.Answer>(decision);
        var rejection = Assert.IsType<Rejection>(answer.Reply);
        Assert.Equal(kind, rejection.Kind);
        Assert.Equal(message, rejection.Message);
    }
}
