using Teraslice.Akka.Master.Assets;
using Teraslice.Akka.Master.Cluster;
using Teraslice.Akka.Master.Events;
using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Master.Commands;

/// <summary>Every command handler of the cluster master, and which one decides a request.</summary>
public sealed class CommandHandlers(JobCommands jobs, ExecutionCommands executions, AssetCommands assets, GcCommands gc)
{
    public JobCommands Jobs { get; } = jobs;
    public ExecutionCommands Executions { get; } = executions;
    public AssetCommands Assets { get; } = assets;
    public GcCommands Gc { get; } = gc;

    /// <param name="journal">The journal's tables, for garbage collection (null: it is refused).</param>
    /// <param name="gc">The garbage collection's settings (null: the defaults).</param>
    public static CommandHandlers Create(IStateStore store, AssetCatalog catalog, string terasliceVersion, ClusterEventLog events,
        JournalTables? journal = null, GcSettings? gc = null)
    {
        var validation = new JobValidation(catalog);
        var factory = new ExecutionFactory(store, terasliceVersion, events);
        return new CommandHandlers(
            new JobCommands(store, validation, factory, events),
            new ExecutionCommands(store, validation, factory, events),
            new AssetCommands(store, catalog, terasliceVersion),
            new GcCommands(store, journal, gc ?? new GcSettings(), events));
    }

    /// <summary>Whether <paramref name="request"/> is a command these handlers decide.</summary>
    public static bool Handles(IMasterRequest request) => request is SubmitJob or StartJob or UpdateJob or SetJobActive or DeleteJob or KillJob
        or StopExecution or PauseExecution or ResumeExecution or ChangeWorkers or RecoverExecution or UploadAsset or DeleteAsset or RunGc;

    /// <summary>Runs the handler of <paramref name="command"/>.</summary>
    public Task<Decision> DecideAsync(IMasterRequest command, CancellationToken ct = default) => command switch
    {
        SubmitJob m => Jobs.SubmitAsync(m, ct),
        StartJob m => Jobs.StartAsync(m, ct),
        UpdateJob m => Jobs.UpdateAsync(m, ct),
        SetJobActive m => Jobs.SetActiveAsync(m, ct),
        DeleteJob m => Jobs.DeleteAsync(m, ct),
        KillJob m => Jobs.KillAsync(m, ct),
        StopExecution m => Executions.StopAsync(m, ct),
        PauseExecution m => Executions.ControlAsync(m.JobId, m.ExId, ct),
        ResumeExecution m => Executions.ControlAsync(m.JobId, m.ExId, ct),
        ChangeWorkers m => Executions.ControlAsync(m.JobId, m.ExId, ct),
        RecoverExecution m => Executions.RecoverAsync(m, ct),
        UploadAsset m => Assets.UploadAsync(m, ct),
        DeleteAsset m => Assets.DeleteAsync(m, ct),
        RunGc m => Gc.RunAsync(m, ct),
        _ => throw new ArgumentException($"{command.GetType().Name} is not a command", nameof(command)),
    };

    /// <summary>
    /// The lane a command runs in: commands of one lane run one after another (no two _start of a
    /// job race), lanes side by side. A job's commands share its lane; assets share one; a new
    /// job needs none (null); garbage collections share one. Commands that name only an execution
    /// get their job's lane from <paramref name="jobOfExecution"/> (null when unknown: resolve it first).
    /// </summary>
    public static string? LaneOf(IMasterRequest command, Func<string, string?> jobOfExecution) => command switch
    {
        SubmitJob m => m.JobId is null ? null : JobLane(m.JobId),
        KillJob m => JobLane(m.JobId),
        StartJob m => JobLane(m.JobId),
        UpdateJob m => JobLane(m.JobId),
        SetJobActive m => JobLane(m.JobId),
        DeleteJob m => JobLane(m.JobId),
        StopExecution m => Lane(m.JobId, m.ExId, jobOfExecution),
        PauseExecution m => Lane(m.JobId, m.ExId, jobOfExecution),
        ResumeExecution m => Lane(m.JobId, m.ExId, jobOfExecution),
        ChangeWorkers m => Lane(m.JobId, m.ExId, jobOfExecution),
        RecoverExecution m => Lane(m.JobId, m.ExId, jobOfExecution),
        UploadAsset or DeleteAsset => AssetLane,
        RunGc => GcLane,
        _ => throw new ArgumentException($"{command.GetType().Name} is not a command", nameof(command)),
    };

    /// <summary>How a command stands to a garbage collection (<see cref="GcExclusion{T}"/>).</summary>
    public static GcStanding StandingOf(IMasterRequest command) => command switch
    {
        RunGc => GcStanding.Collection,
        // _start recovers when the job autorecovers, which is known once its handler has read the job
        RecoverExecution or StartJob => GcStanding.MayRecover,
        _ => GcStanding.Unrelated,
    };

    /// <summary>The execution a command names when it names no job (its lane must be looked up).</summary>
    public static string? ExecutionOnly(IMasterRequest command) => command switch
    {
        StopExecution { JobId: null } m => m.ExId,
        PauseExecution { JobId: null } m => m.ExId,
        ResumeExecution { JobId: null } m => m.ExId,
        ChangeWorkers { JobId: null } m => m.ExId,
        RecoverExecution { JobId: null } m => m.ExId,
        _ => null,
    };

    /// <summary>What a controller command does, for the rejection when the controller is missing.</summary>
    public static string VerbOf(IMasterRequest command) => command switch
    {
        PauseExecution => "pause",
        ResumeExecution => "resume",
        ChangeWorkers => "change workers of",
        StopExecution => "stop",
        KillJob => "kill",
        _ => command.GetType().Name,
    };

    public const string AssetLane = "assets";

    public const string GcLane = "gc";

    public static string JobLane(string jobId) => "job:" + jobId;

    private static string? Lane(string? jobId, string? exId, Func<string, string?> jobOfExecution) =>
        jobId is not null ? JobLane(jobId) : jobOfExecution(exId!) is { } owner ? JobLane(owner) : null;
}
