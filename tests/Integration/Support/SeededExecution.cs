using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Sql;
using Teraslice.Akka.Master.Executions;
using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Master.Hosting;
using Teraslice.Akka.Operations;
using Teraslice.Akka.Operations.Builtin;
using Teraslice.Akka.Protocol;
using Teraslice.Akka.Protocol.Serialization;
using Teraslice.Akka.Protocol.Slicing;

namespace Teraslice.Akka.Integration.Support;

/// <summary>
/// An execution that ended in a given slice state, written while the node is stopped through the
/// node's own code: its job and execution documents through <see cref="SqlStateStore"/> (the
/// execution <c>failed</c>), and the journal of its slicer 0 through Akka.Persistence.Sql configured
/// with the node's persistence HOCON (hocon/sqlite.conf or postgres.conf) and the protocol
/// serializer, under the persistence id the node's slicer entity has, <c>slicer-{exId}/0</c>. A
/// node started afterwards on the same database finds it as if it had run it.
/// </summary>
public static class SeededExecution
{
    public const string TerasliceVersion = "v3.18.0";

    /// <summary>What one seeded slice is.</summary>
    public enum SliceState
    {
        /// <summary>Cut, never handed out.</summary>
        Pending,

        /// <summary>Handed to a worker, which was still at it when the execution ended.</summary>
        Started,

        Completed,

        /// <summary>Failed for good (retries exhausted).</summary>
        Error,
    }

    /// <summary>One slice of the seeded journal: its id, order and request as the slicer cut it.</summary>
    public sealed record Slice(string SliceId, long SlicerOrder, string Request, SliceState State);

    /// <summary>The ids of the seeded job and execution and its slices.</summary>
    public sealed record Seeded(string JobId, string ExId, IReadOnlyList<Slice> Slices)
    {
        public IEnumerable<Slice> In(params SliceState[] states) => Slices.Where(s => states.Contains(s.State));
    }

    /// <summary>
    /// <c>data_generator</c> slices of <paramref name="sliceSize"/> records in the given states, in
    /// slicer order 1..n, with the requests the node's data_generator slicer cuts
    /// (<c>{count, processed}</c>, processed counting every record cut so far).
    /// </summary>
    public static List<Slice> DataGeneratorSlices(long sliceSize, params SliceState[] states) =>
        states.Select((state, i) => new Slice(
            Guid.NewGuid().ToString(), i + 1, SliceRequest.Serialize(new DataGeneratorRequest(sliceSize, sliceSize * (i + 1))), state)).ToList();

    /// <summary>
    /// Writes a job of <paramref name="jobSpec"/> and an execution of it that ended <c>failed</c> with
    /// <paramref name="slices"/> in their states (its slicer never said it was exhausted), on the
    /// database the node will use. The node must not be running.
    /// </summary>
    public static async Task<Seeded> WriteAsync(NodeProcess node, NodeDatabase database, string jobSpec, IReadOnlyList<Slice> slices)
    {
        if (node.IsRunning) throw new InvalidOperationException("seed the database while the node is stopped");
        Directory.CreateDirectory(node.DataDir);
        var connectionString = database.ConnectionString(node);

        var spec = JsonNode.Parse(jobSpec)!.AsObject();
        var jobId = Guid.NewGuid().ToString();
        var exId = Guid.NewGuid().ToString();
        var validated = new JobValidator(BuiltinOperations.Registry).Validate(spec);
        var ex = Documents.NewExecution(validated.ExConfig, jobId, exId, TerasliceVersion);

        var failures = slices.Count(s => s.State == SliceState.Error);
        await using (var store = SqlStateStore.Create(database.Provider, connectionString))
        {
            await store.InitializeAsync();
            await store.InsertJobAsync(Documents.NewJob(spec, jobId));
            await store.InsertExecutionAsync(ex);
            await store.PatchExecutionAsync(exId, new JsonObject
            {
                ["_status"] = "failed",
                ["_updated"] = Documents.Now(),
                ["_has_errors"] = failures > 0,
                ["_failureReason"] = $"execution: {exId} had {failures} slice failure{(failures == 1 ? "" : "s")} during processing",
            });
        }

        await WriteJournalAsync(node, database, $"slicer-{TerasliceNames.SlicerEntityId(exId, 0)}", JournalOf(exId, ex.ToJsonString(), slices));
        database.ReleaseConnections();
        return new Seeded(jobId, exId, slices);
    }

    /// <summary>The events the node's slicer would have written for these slices.</summary>
    private static List<ISlicerEvent> JournalOf(string exId, string exConfigJson, IReadOnlyList<Slice> slices)
    {
        var cut = DateTime.UtcNow.AddMinutes(-5);
        var cutSlices = slices.Select(s => new SliceRecord(s.SliceId, 0, s.SlicerOrder, s.Request, cut)).ToList();
        var handedOut = slices.Where(s => s.State != SliceState.Pending).Select(s => s.SliceId).ToList();
        var completed = slices.Where(s => s.State == SliceState.Completed).ToList();
        var failed = slices.Where(s => s.State == SliceState.Error)
            .Select(s => new SliceFailure(s.SliceId, $"Error: fault_injector: injected failure (slice {s.SliceId}, slicer_order {s.SlicerOrder})",
                RetryCount: 3, At: cut.AddMinutes(2), SlicerOrder: s.SlicerOrder, Request: s.Request, Created: cut))
            .ToList();
        var events = new List<ISlicerEvent>
        {
            new SlicerInitialized(exId, 0, exConfigJson, cut),
            new SlicesCreated(cutSlices),
            new SlicesDispatched(handedOut, cut.AddMinutes(1)),
        };
        if (completed.Count > 0)
        {
            var records = completed.Sum(s => new SliceRequest(s.Request).GetInt64("count") ?? 0);
            events.Add(new SlicesCompleted(completed.Select(s => s.SliceId).ToList(), new SliceMetrics(records, records), cut.AddMinutes(2)));
        }
        if (failed.Count > 0) events.Add(new SlicesFailed(failed));
        return events;
    }

    private static async Task WriteJournalAsync(NodeProcess node, NodeDatabase database, string persistenceId, IReadOnlyList<ISlicerEvent> events)
    {
        var system = ActorSystem.Create("seed", PersistenceConfig(node, database));
        try
        {
            var writer = system.ActorOf(Props.Create(() => new JournalWriter(persistenceId, events)), "journal-writer");
            var written = await writer.Ask<long>(JournalWriter.Write.Instance, TimeSpan.FromSeconds(60));
            if (written != events.Count)
                throw new InvalidOperationException($"the journal {persistenceId} should hold exactly the {events.Count} seeded events, holds {written}");
        }
        finally
        {
            await system.Terminate();
        }
    }

    /// <summary>The node's persistence HOCON for this database, with the protocol serializer bound as the node binds it.</summary>
    private static Config PersistenceConfig(NodeProcess node, NodeDatabase database)
    {
        var file = database.Kind == Storage.Sqlite ? "sqlite.conf" : "postgres.conf";
        using var stream = typeof(SeededExecution).Assembly.GetManifestResourceStream("hocon." + file)
                           ?? throw new InvalidOperationException($"hocon/{file} is not embedded in the test assembly");
        using var reader = new StreamReader(stream);
        return PersistenceHocon.Over(ConfigurationFactory.ParseString(reader.ReadToEnd()),
                database.ConnectionString(node), Path.Combine(Path.GetFullPath(node.DataDir), "seed-ddata"))
            .WithFallback(ConfigurationFactory.ParseString($$"""
                akka.loglevel = WARNING
                akka.actor {
                  serializers.teraslice = "{{typeof(TerasliceSerializer).AssemblyQualifiedName}}"
                  serialization-bindings."{{typeof(ITerasliceMessage).AssemblyQualifiedName}}" = teraslice
                  serialization-identifiers."{{typeof(TerasliceSerializer).AssemblyQualifiedName}}" = {{TerasliceSerializer.Id}}
                  serialization-settings.allow-unregistered-types = false
                }
                """))
            .WithFallback(SqlPersistence.DefaultConfiguration);
    }

    /// <summary>Persists the given events under a persistence id (which must be empty) and answers how many its journal then holds.</summary>
    private sealed class JournalWriter : ReceivePersistentActor
    {
        public JournalWriter(string persistenceId, IReadOnlyList<ISlicerEvent> events)
        {
            PersistenceId = persistenceId;
            var existing = 0;
            Recover<ISlicerEvent>(_ => existing++);
            Command<Write>(_ =>
            {
                var replyTo = Sender;
                if (existing > 0)
                {
                    replyTo.Tell(new Status.Failure(new InvalidOperationException($"the journal {persistenceId} already holds {existing} event(s)")));
                    return;
                }
                PersistAll(events, _ =>
                {
                    if (LastSequenceNr == events.Count) replyTo.Tell(LastSequenceNr);
                });
            });
        }

        public override string PersistenceId { get; }

        public sealed class Write
        {
            public static readonly Write Instance = new();
        }
    }
}
