using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Semver;
using Teraslice.Akka.Master.Assets;
using Teraslice.Akka.Master.Executions;
using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Operations;
using Teraslice.Akka.Protocol.Api;
using Teraslice.Akka.Protocol.Cluster;
using Teraslice.Akka.Protocol.Executions;

namespace Teraslice.Akka.Master.Cluster;

/// <summary>
/// The cluster master (a cluster singleton): owns jobs and executions (through the SQL state
/// store), supervises one execution controller per living execution, knows the worker nodes and
/// places workers on them, and answers the REST API. On start it reloads every living execution
/// and re-attaches a controller to it, so a crash or a move of the master loses nothing.
/// </summary>
public sealed class ClusterMasterActor : ReceiveActor, IWithStash, IWithTimers
{
    private const string PruneTimer = "prune";
    private static readonly string[] JobMetadataFields = ["job_id", "_context", "_created", "_updated", "_deleted", "_deleted_on"];

    private readonly IStateStore _store;
    private readonly AssetCatalog _assets;
    private readonly IActorRef _slicerRegion;
    private readonly MasterSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly NodeTable _nodes = new();
    private readonly Dictionary<string, IActorRef> _controllers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _controllerJobs = new(StringComparer.Ordinal); // ex_id → job_id
    private readonly string _selfAddress;
    private readonly ClusterTotals _ended = new();

    public ClusterMasterActor(IStateStore store, AssetCatalog assets, IActorRef slicerRegion, MasterSettings settings)
    {
        _store = store;
        _assets = assets;
        _slicerRegion = slicerRegion;
        _settings = settings;
        _selfAddress = global::Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString();
        Starting();
    }

    public IStash Stash { get; set; } = null!;
    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IStateStore store, AssetCatalog assets, IActorRef slicerRegion, MasterSettings settings) =>
        global::Akka.Actor.Props.Create(() => new ClusterMasterActor(store, assets, slicerRegion, settings));

    // A failing controller is stopped, then started again from its stored record (never restarted
    // with the stale record it was created with).
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    protected override void PreStart() => Self.Tell(Load.Instance);

    // ---- starting: load the living executions, stash requests meanwhile

    private void Starting()
    {
        Receive<Load>(_ => LoadAsync().PipeTo(Self));
        Receive<Loaded>(loaded =>
        {
            foreach (var ex in loaded.Living) StartController(ex);
            _log.Info("Cluster master ready on {0}: {1} living execution(s) re-attached", _selfAddress, loaded.Living.Count);
            Timers.StartPeriodicTimer(PruneTimer, Prune.Instance, TimeSpan.FromSeconds(5));
            Become(Ready);
            Stash.UnstashAll();
        });
        Receive<Status.Failure>(f =>
        {
            _log.Error(f.Cause, "Cluster master could not load its state; retrying in 2 s");
            Timers.StartSingleTimer("load", Load.Instance, TimeSpan.FromSeconds(2));
        });
        ReceiveAny(_ => Stash.Stash());
    }

    private async Task<Loaded> LoadAsync()
    {
        await _store.InitializeAsync();
        var living = new List<JsonObject>();
        var statuses = ExecutionStatuses.Living.Select(s => s.ToWire()).ToList();
        for (var from = 0; ; from += ListQuery.MaxSize)
        {
            var page = await _store.ListExecutionsAsync(new ListQuery(from, ListQuery.MaxSize, "_created", false, false), statuses, null);
            living.AddRange(page);
            if (page.Count < ListQuery.MaxSize) break;
        }
        return new Loaded(living);
    }

    // ---- ready

    private void Ready()
    {
        // commands that change state run one at a time (no two _start of one job race)
        ReceiveAsync<SubmitJob>(m => Guarded(() => SubmitAsync(m)));
        ReceiveAsync<StartJob>(m => Guarded(() => StartAsync(m)));
        ReceiveAsync<StopExecution>(m => Guarded(() => StopAsync(m)));
        ReceiveAsync<UpdateJob>(m => Guarded(() => UpdateJobAsync(m)));
        ReceiveAsync<SetJobActive>(m => Guarded(() => SetActiveAsync(m)));
        ReceiveAsync<DeleteJob>(m => Guarded(() => DeleteJobAsync(m)));
        ReceiveAsync<PauseExecution>(m => Guarded(() => ControlAsync(m.JobId, m.ExId, PauseCommand.Instance, "pause")));
        ReceiveAsync<ResumeExecution>(m => Guarded(() => ControlAsync(m.JobId, m.ExId, ResumeCommand.Instance, "resume")));
        ReceiveAsync<ChangeWorkers>(m => Guarded(() => ControlAsync(m.JobId, m.ExId, new WorkersCommand(m.Change, m.Count), "change workers of")));
        ReceiveAsync<RecoverExecution>(m => Guarded(() => RecoverAsync(m)));
        ReceiveAsync<UploadAsset>(m => Guarded(() => UploadAssetAsync(m)));
        ReceiveAsync<DeleteAsset>(m => Guarded(() => DeleteAssetAsync(m)));

        Receive<GetJob>(m => Query(() => GetJobAsync(m)));
        Receive<ListJobs>(m => Query(() => ListJobsAsync(m)));
        Receive<GetLatestExecution>(m => Query(async () =>
            await _store.GetLatestExecutionAsync(m.JobId) is { } ex
                ? Json(ex)
                : Rejection.NotFound($"No execution was found for job {m.JobId}")));
        Receive<ListExecutions>(m => Query(async () =>
            Json(new JsonArray((await _store.ListExecutionsAsync(m.Query, m.Statuses, null)).Select(Node).ToArray()))));
        Receive<GetExecution>(m => Query(async () =>
            await _store.GetExecutionAsync(m.ExId) is { } ex ? Json(ex) : Rejection.NotFound($"Execution {m.ExId} was not found")));
        Receive<GetClusterState>(_ => Sender.Tell(Json(_nodes.ToClusterState(_selfAddress, DateTime.UtcNow, _controllerJobs))));
        Receive<GetControllers>(m => Query(() => ControllersAsync(m)));
        Receive<GetClusterStats>(_ => Query(ClusterStatsAsync));
        Receive<GetSliceErrors>(m => Query(() => SliceErrorsAsync(m)));
        Receive<ListAssets>(m => Query(() => ListAssetsAsync(m)));

        Receive<RegisterNode>(OnRegisterNode);
        Receive<RequestWorkers>(OnRequestWorkers);
        Receive<WorkersAllocated>(m => _nodes.Allocated(m));
        Receive<ExecutionEnded>(m =>
        {
            if (_controllers.Remove(m.ExId, out var controller)) Context.Unwatch(controller);
            _controllerJobs.Remove(m.ExId);
            _ended.Add(m.Stats);
            Sender.Tell(EndedAck.Instance);
        });
        Receive<Terminated>(OnTerminated);
        Receive<RestartController>(m =>
        {
            // a controller died without ending its execution: start a new one from the stored record
            var self = Self;
            Query(async () =>
            {
                if (await _store.GetExecutionAsync(m.ExId) is { } ex && ex.Status().IsLiving()) self.Tell(new StartStored(ex));
                return Done.Instance;
            }, replyTo: ActorRefs.Nobody);
        });
        Receive<StartStored>(m =>
        {
            if (!_controllers.ContainsKey(m.Ex.Str("ex_id")!)) StartController(m.Ex);
        });
        Receive<Prune>(_ =>
        {
            foreach (var node in _nodes.Prune(DateTime.UtcNow - _settings.NodeStaleAfter))
                _log.Warning("Node {0} has not reported for {1}; dropped from the cluster state", node, _settings.NodeStaleAfter);
        });
    }

    // ---- jobs

    private async Task<object> SubmitAsync(SubmitJob submit)
    {
        if (ParseObject(submit.SpecJson) is not { } spec) return Rejection.BadRequest("the json submitted is malformed");
        if (spec.ContainsKey("job_id")) return Rejection.Unprocessable("Job cannot include a job_id on submit");
        var (validated, problem) = await ValidateAsync(spec);
        if (problem is not null) return problem;
        var jobId = Guid.NewGuid().ToString();
        await _store.InsertJobAsync(Documents.NewJob(spec, jobId));
        var reply = new JsonObject { ["job_id"] = jobId };
        if (submit.Start) reply["ex_id"] = await CreateExecutionAsync(validated!, jobId);
        AddWarnings(reply, validated!);
        _log.Info("Job {0} ({1}) submitted{2}", jobId, validated!.Job.Name, submit.Start ? ", execution " + reply["ex_id"] : "");
        return Json(reply);
    }

    private async Task<object> StartAsync(StartJob start)
    {
        if (await _store.GetJobAsync(start.JobId) is not { } job) return Rejection.NotFound($"Job {start.JobId} was not found");
        if (job.IsDeleted()) return Rejection.Gone($"Job {start.JobId} has been deleted and cannot be started.");
        if (await _store.GetLatestExecutionAsync(start.JobId) is { } latest && !latest.Status().IsTerminal())
            return Rejection.Conflict($"Job {start.JobId} is currently running, cannot have the same job concurrently running");
        var spec = (JsonObject)job.DeepClone();
        foreach (var field in JobMetadataFields) spec.Remove(field);
        var (validated, problem) = await ValidateAsync(spec);
        if (problem is not null) return problem;
        // autorecover: a start is a recovery of the latest execution's pending slices, then the job goes on
        var latestEx = await _store.GetLatestExecutionAsync(start.JobId);
        var exId = validated!.Job.Autorecover && latestEx is not null
            ? await CreateRecoveryAsync(MergeOver(validated.ExConfig, latestEx), start.JobId, latestEx.Str("ex_id")!, "pending")
            : await CreateExecutionAsync(validated, start.JobId);
        var reply = new JsonObject { ["job_id"] = start.JobId, ["ex_id"] = exId };
        AddWarnings(reply, validated);
        return Json(reply);
    }

    private async Task<object> UpdateJobAsync(UpdateJob update)
    {
        if (await _store.GetJobAsync(update.JobId) is not { } job) return Rejection.NotFound($"Job {update.JobId} was not found");
        if (job.IsDeleted()) return Rejection.Gone($"Job {update.JobId} has been deleted and cannot be updated.");
        if (ParseObject(update.SpecJson) is not { } spec) return Rejection.BadRequest("the json submitted is malformed");
        foreach (var field in JobMetadataFields) spec.Remove(field);
        ValidatedJob? validated = null;
        // as upstream: a job can always be made inactive, even if it no longer validates
        var deactivates = spec["active"] is JsonValue a && a.TryGetValue<bool>(out var active) && !active;
        if (!deactivates)
        {
            (validated, var problem) = await ValidateAsync(spec);
            if (problem is not null) return problem;
        }
        var replaced = (JsonObject)spec.DeepClone();
        replaced["job_id"] = update.JobId;
        replaced["_context"] = "job";
        replaced["_created"] = job["_created"]?.DeepClone();
        replaced["_updated"] = Documents.Now();
        await _store.ReplaceJobAsync(replaced);
        if (validated is not null) AddWarnings(replaced, validated);
        return Json(replaced);
    }

    private async Task<object> SetActiveAsync(SetJobActive set)
    {
        if (await _store.GetJobAsync(set.JobId) is not { } job) return Rejection.NotFound($"Job {set.JobId} was not found");
        if (job.IsDeleted()) return Rejection.Gone($"Job {set.JobId} has been deleted and cannot be updated.");
        var updated = await _store.PatchJobAsync(set.JobId, new JsonObject { ["active"] = set.Active, ["_updated"] = Documents.Now() });
        return updated is null ? Rejection.NotFound($"Job {set.JobId} was not found") : Json(updated);
    }

    private async Task<object> DeleteJobAsync(DeleteJob delete)
    {
        if (await _store.GetJobAsync(delete.JobId) is not { } job) return Rejection.NotFound($"Job {delete.JobId} was not found");
        if (job.IsDeleted()) return Rejection.Gone($"Job {delete.JobId} has already been deleted.");
        var living = await _store.ListExecutionsAsync(new ListQuery(0, 1, "_created", true, false),
            ExecutionStatuses.Living.Select(s => s.ToWire()).ToList(), delete.JobId);
        if (living.Count > 0) return Rejection.Conflict($"Job {delete.JobId} is currently running, cannot delete a running job.");
        var deleted = await _store.SoftDeleteJobAsync(delete.JobId, Documents.Now());
        return deleted is null ? Rejection.NotFound($"Job {delete.JobId} was not found") : Json(deleted);
    }

    private async Task<object> SliceErrorsAsync(GetSliceErrors get)
    {
        string? exId = null;
        if (get.JobId is not null || get.ExId is not null)
        {
            var (ex, problem) = await ResolveAsync(get.JobId, get.ExId);
            if (problem is not null) return problem;
            exId = ex!.Str("ex_id");
        }
        var errors = await _store.ListSliceErrorsAsync(get.Query, exId);
        return Json(new JsonArray(errors.Select(Node).ToArray()));
    }

    /// <summary>
    /// Validates a job with the operations of its assets: resolves its <c>assets</c> references to ids,
    /// loads them, validates, and stores in the execution config the ids (and pins to ids), so the
    /// execution runs exactly these bundles whatever is uploaded later.
    /// </summary>
    private async Task<(ValidatedJob? Job, Rejection? Problem)> ValidateAsync(JsonObject spec)
    {
        var references = new List<string>();
        if (spec["assets"] is JsonArray entries)
        {
            foreach (var entry in entries)
            {
                if (entry is JsonValue v && v.TryGetValue<string>(out var text) && text.Trim().Length > 0) references.Add(text.Trim());
                else return (null, Rejection.BadRequest($"Validation failed for job config: {spec.Str("name") ?? "Custom Job"} - assets: every entry must be an asset id, name or name:version, got {entry?.ToJsonString() ?? "null"}"));
            }
        }
        var (ids, problem) = await _assets.ResolveAsync(references);
        if (problem is not null) return (null, problem);
        try
        {
            var registry = await _assets.ForAssetsAsync(ids, CancellationToken.None);
            var validated = new JobValidator(registry).Validate(spec);
            if (ids.Count > 0) validated.ExConfig["assets"] = new JsonArray(ids.Select(id => (JsonNode)id).ToArray());
            PinToIds(validated.ExConfig["operations"] as JsonArray, "_op", registry);
            PinToIds(validated.ExConfig["apis"] as JsonArray, "_name", registry);
            return (validated, null);
        }
        catch (JobValidationException e)
        {
            return (null, Rejection.BadRequest(e.Message));
        }
    }

    /// <summary>op@name[:version] → op@&lt;asset id&gt; (an API's :tag after the version is kept).</summary>
    private static void PinToIds(JsonArray? entries, string key, OperationRegistry registry)
    {
        foreach (var entry in entries?.OfType<JsonObject>() ?? [])
        {
            if (entry.Str(key) is not { } name || name.IndexOf('@') is var at && at < 0) continue;
            var pin = name[(at + 1)..];
            if (registry.PinnedAsset(pin) is not { } asset) continue;
            var parts = pin.Split(':');
            var tag = parts.Length > 2 ? ":" + string.Join(':', parts[2..]) : "";
            entry[key] = $"{name[..at]}@{asset.Id}{tag}";
        }
    }

    // ---- assets

    private async Task<object> UploadAssetAsync(UploadAsset upload)
    {
        var ours = SemVersion.Parse(_settings.TerasliceVersion.TrimStart('v'), SemVersionStyles.Any);
        var (info, problem) = AssetBundle.Inspect(upload.Zip, ours);
        if (problem is not null) return problem;
        var reply = new JsonObject { ["asset_id"] = info!.Id, ["_id"] = info.Id };
        if (await _store.GetAssetAsync(info.Id) is not null) return Json(reply); // the same bytes again
        var version = info.Version.ToString();
        if ((await _store.ListAssetsAsync(new ListQuery(0, 1, "_created", true, false), info.Name, version)).Count > 0)
            return Rejection.Conflict($"Asset name:\"{info.Name}\" AND version:\"{version}\" already exists, please increment the version and send again");
        if (_assets.CheckLoads(info, upload.Zip) is { } loadProblem) return Rejection.Unprocessable(loadProblem);
        var doc = new JsonObject { ["id"] = info.Id, ["name"] = info.Name, ["version"] = version };
        foreach (var key in new[] { "description", "minimum_teraslice_version", "node_version", "platform", "arch" })
            if (info.Manifest[key] is { } value) doc[key] = value.DeepClone();
        doc["_created"] = Documents.Now();
        var inserted = await _store.InsertAssetAsync(doc, upload.Zip);
        _log.Info("Asset {0} {1} ({2}) {3}", info.Name, version, info.Id, inserted ? "stored" : "was already stored");
        return new JsonReply(reply.ToJsonString(), inserted ? 201 : 200);
    }

    private async Task<object> DeleteAssetAsync(DeleteAsset delete)
    {
        if (delete.AssetId.Length != 40)
            return Rejection.BadRequest($"asset {delete.AssetId} is not formatted correctly, please provide the full asset_id");
        if (!await _store.DeleteAssetAsync(delete.AssetId)) return Rejection.NotFound($"Unable to find asset {delete.AssetId}");
        _assets.Unload(delete.AssetId);
        return Json(new JsonObject { ["asset_id"] = delete.AssetId, ["_id"] = delete.AssetId });
    }

    private async Task<object> ListAssetsAsync(ListAssets list)
    {
        // an exact version is a column match; a range is filtered here over the name's versions
        var exact = list.Version is null || SemVersion.TryParse(list.Version, SemVersionStyles.Strict, out _);
        var docs = await _store.ListAssetsAsync(exact ? list.Query : list.Query with { From = 0, Size = ListQuery.MaxSize }, list.Name, exact ? list.Version : null);
        if (!exact)
        {
            if (!SemVersionRange.TryParseNpm(list.Version!, out var range))
                return Rejection.BadRequest($"\"{list.Version}\" is not a version or a semver range");
            docs = docs.Where(d => SemVersion.TryParse(d.Str("version"), SemVersionStyles.Any, out var v) && range.Contains(v))
                .Skip(list.Query.From).Take(list.Query.Size).ToList();
        }
        return Json(new JsonArray(docs.Select(Node).ToArray()));
    }

    // ---- recovery

    private async Task<object> RecoverAsync(RecoverExecution recover)
    {
        JsonObject? job;
        JsonObject? source;
        if (recover.JobId is not null)
        {
            job = await _store.GetJobAsync(recover.JobId);
            if (job is null) return Rejection.NotFound($"Job {recover.JobId} was not found");
            if (job.IsDeleted()) return Rejection.Gone($"Job {recover.JobId} has been deleted and cannot be recovered.");
            source = await _store.GetLatestExecutionAsync(recover.JobId);
            if (source is null) return Rejection.NotFound($"Job {recover.JobId} is missing an execution to recover from");
        }
        else
        {
            source = await _store.GetExecutionAsync(recover.ExId!);
            if (source is null) return Rejection.NotFound($"Execution {recover.ExId} was not found");
            job = await _store.GetJobAsync(source.Str("job_id")!);
            if (job is null || job.IsDeleted()) return Rejection.Gone($"Job {source.Str("job_id")} has been deleted and cannot be recovered.");
        }
        var jobId = source!.Str("job_id")!;
        var sourceId = source.Str("ex_id")!;
        if (!source.Status().IsTerminal())
            return Rejection.Conflict($"Execution {sourceId} is {source.Status().ToWire()}: only an execution that has ended can be recovered");
        if (await _store.GetLatestExecutionAsync(jobId) is { } latest && !latest.Status().IsTerminal())
            return Rejection.Conflict($"Job {jobId} is currently running, cannot have the same job concurrently running");
        // what an execution left undone was run by the execution that recovered it: recovering it again would run it twice
        var executions = await _store.ListExecutionsAsync(new ListQuery(0, ListQuery.MaxSize, "_created", false, false), null, jobId);
        if (executions.FirstOrDefault(e => e.Str("recovered_execution") == sourceId) is { } recoveredBy)
            return Rejection.Conflict($"Execution {sourceId} was already recovered by execution {recoveredBy.Str("ex_id")}; recover that one instead");

        JsonObject config;
        if (recover.JobId is not null)
        {
            // the job's current config wins; the old execution fills what the job does not say
            var spec = (JsonObject)job.DeepClone();
            foreach (var field in JobMetadataFields) spec.Remove(field);
            var (validated, problem) = await ValidateAsync(spec);
            if (problem is not null) return problem;
            config = MergeOver(validated!.ExConfig, source);
        }
        else
        {
            config = source;
        }
        var exId = await CreateRecoveryAsync(config, jobId, sourceId, recover.CleanupType);
        _log.Info("Execution {0} recovers execution {1} of job {2} (cleanup type {3})", exId, sourceId, jobId, recover.CleanupType ?? "none");
        return Json(new JsonObject { ["job_id"] = jobId, ["ex_id"] = exId });
    }

    private async Task<string> CreateRecoveryAsync(JsonObject config, string jobId, string fromExId, string? cleanupType)
    {
        var exId = Guid.NewGuid().ToString();
        var ex = Documents.NewExecution(config, jobId, exId, _settings.TerasliceVersion);
        ex["recovered_execution"] = fromExId;
        if (cleanupType is not null) ex["recovered_slice_type"] = cleanupType;
        await _store.InsertExecutionAsync(ex);
        StartController(ex);
        return exId;
    }

    /// <summary>A copy of <paramref name="config"/> with the keys only <paramref name="older"/> has added.</summary>
    private static JsonObject MergeOver(JsonObject config, JsonObject older)
    {
        var merged = (JsonObject)config.DeepClone();
        foreach (var (key, value) in older)
            if (!merged.ContainsKey(key)) merged[key] = value?.DeepClone();
        return merged;
    }

    // ---- control of a living execution

    /// <summary>Pause, resume, workers: the controller answers the asker itself.</summary>
    private async Task<object> ControlAsync(string? jobId, string? exId, object command, string verb)
    {
        var (ex, problem) = await ResolveAsync(jobId, exId);
        if (problem is not null) return problem;
        var id = ex!.Str("ex_id")!;
        if (ex!.Status().IsTerminal()) return Rejection.NotFound($"no active execution context was found for ex_id: {id}");
        if (!_controllers.TryGetValue(id, out var controller)) return Rejection.Conflict($"Execution {id} is not available to {verb}");
        controller.Tell(command, Sender);
        return Done.Instance;
    }

    /// <summary>The execution a job route or an ex route names (job routes: the job's latest).</summary>
    private async Task<(JsonObject? Ex, Rejection? Problem)> ResolveAsync(string? jobId, string? exId)
    {
        if (exId is not null)
            return await _store.GetExecutionAsync(exId) is { } ex ? (ex, null) : (null, Rejection.NotFound($"Execution {exId} was not found"));
        return await _store.GetLatestExecutionAsync(jobId!) is { } latest
            ? (latest, null)
            : (null, Rejection.NotFound($"No execution was found for job {jobId}"));
    }

    private async Task<string> CreateExecutionAsync(ValidatedJob validated, string jobId)
    {
        var exId = Guid.NewGuid().ToString();
        var ex = Documents.NewExecution(validated.ExConfig, jobId, exId, _settings.TerasliceVersion);
        await _store.InsertExecutionAsync(ex);
        StartController(ex);
        return exId;
    }

    private async Task<object> StopAsync(StopExecution stop)
    {
        JsonObject? ex;
        if (stop.ExId is not null)
        {
            ex = await _store.GetExecutionAsync(stop.ExId);
            if (ex is null) return Rejection.NotFound($"Execution {stop.ExId} was not found");
        }
        else
        {
            ex = await _store.GetLatestExecutionAsync(stop.JobId!);
            if (ex is null) return Rejection.NotFound($"No execution was found for job {stop.JobId}");
        }
        var exId = ex.Str("ex_id")!;
        var status = ex.Status();
        if (status.IsTerminal()) return Json(new JsonObject { ["status"] = status.ToWire() });
        var timeout = stop.TimeoutMs is { } ms ? TimeSpan.FromMilliseconds(ms) : _settings.Controller.DefaultStopTimeout;
        if (!_controllers.TryGetValue(exId, out var controller))
        {
            // living in the store but no controller (it is being restarted): record the stop directly
            await _store.PatchExecutionAsync(exId, Documents.StatusPatch(ExecutionStatus.Stopped));
            return Json(new JsonObject { ["status"] = ExecutionStatus.Stopped.ToWire() });
        }
        if (stop.Blocking)
        {
            controller.Tell(new StopCommand(stop.Force, timeout, Sender));
            return Done.Instance; // the controller answers the asker when the execution is terminal
        }
        controller.Tell(new StopCommand(stop.Force, timeout, null));
        return Json(new JsonObject { ["status"] = ExecutionStatus.Stopping.ToWire() });
    }

    private async Task<object> GetJobAsync(GetJob get)
    {
        if (await _store.GetJobAsync(get.JobId) is not { } job) return Rejection.NotFound($"Job {get.JobId} was not found");
        if (get.ExFields is not null)
        {
            var ex = await _store.GetLatestExecutionAsync(get.JobId);
            job["ex"] = ex is null || ex.IsDeleted() ? new JsonObject() : Documents.Project(ex, get.ExFields);
        }
        return Json(job);
    }

    private async Task<object> ListJobsAsync(ListJobs list)
    {
        var jobs = await _store.ListJobsAsync(list.Query, list.Active);
        if (list.ExFields is not null && jobs.Count > 0)
        {
            var latest = await _store.GetLatestExecutionsAsync(jobs.Select(j => j.Str("job_id")!).ToList());
            foreach (var job in jobs)
            {
                var ex = latest.GetValueOrDefault(job.Str("job_id")!);
                job["ex"] = ex is null || ex.IsDeleted() ? new JsonObject() : Documents.Project(ex, list.ExFields);
            }
        }
        return Json(new JsonArray(jobs.Select(Node).ToArray()));
    }

    // ---- controllers

    private void StartController(JsonObject ex)
    {
        var exId = ex.Str("ex_id")!;
        var controller = Context.ActorOf(
            ExecutionControllerActor.Props(ex, _store, _slicerRegion, _settings.Controller), "ex-" + exId);
        Context.Watch(controller);
        _controllers[exId] = controller;
        _controllerJobs[exId] = ex.Str("job_id")!;
    }

    private async Task<object> ControllersAsync(GetControllers get)
    {
        // runs off the actor's thread after its first await: work on a copy
        var controllers = new Dictionary<string, IActorRef>(_controllers);
        List<IActorRef> targets;
        string? exId = get.ExId;
        if (get.JobId is not null)
        {
            var latest = await _store.GetLatestExecutionAsync(get.JobId);
            if (latest is null) return Rejection.NotFound($"No execution was found for job {get.JobId}");
            exId = latest.Str("ex_id");
        }
        if (exId is not null)
        {
            if (!controllers.TryGetValue(exId, out var one)) return Rejection.NotFound($"Could not find active slicer for ex_id: {exId}");
            targets = [one];
        }
        else
        {
            targets = controllers.Values.ToList();
        }
        var timeout = _settings.StatsTimeout;
        var answers = await Task.WhenAll(targets.Select(async target =>
        {
            try
            {
                return (await target.Ask<ControllerStats>(GetStats.Instance, timeout)).Item;
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
            {
                return null; // ended meanwhile, or busy: left out of the list
            }
        }));
        var items = answers.OfType<JsonObject>().ToList();
        return Json(new JsonArray(items.OrderBy(i => i.Str("name"), StringComparer.Ordinal).Select(Node).ToArray()));
    }

    private async Task<object> ClusterStatsAsync()
    {
        // runs off the actor's thread after its first await: take what it needs first
        var controllers = _controllers.Values.ToList();
        var totals = _ended.Copy();
        var timeout = _settings.StatsTimeout;
        var living = await Task.WhenAll(controllers.Select(async c =>
        {
            try
            {
                return (await c.Ask<ControllerStats>(GetStats.Instance, timeout)).Item;
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
            {
                return null;
            }
        }));
        foreach (var item in living.OfType<JsonObject>()) totals.Add(item, living: true);
        var counters = totals.ToJson();
        return Json(new JsonObject { ["controllers"] = counters, ["slicer"] = counters.DeepClone() });
    }

    private void OnTerminated(Terminated terminated)
    {
        var exId = _controllers.FirstOrDefault(kv => kv.Value.Equals(terminated.ActorRef)).Key;
        if (exId is not null)
        {
            _controllers.Remove(exId);
            _controllerJobs.Remove(exId);
            _log.Warning("The controller of execution {0} stopped unexpectedly; starting a new one", exId);
            Timers.StartSingleTimer("restart-" + exId, new RestartController(exId), TimeSpan.FromSeconds(1));
            return;
        }
        _nodes.Remove(terminated.ActorRef);
    }

    // ---- nodes and workers

    private void OnRegisterNode(RegisterNode register)
    {
        if (_nodes.Register(register, DateTime.UtcNow))
        {
            _log.Info("Node {0} joined with {1} worker slot(s)", register.Node.NodeId, register.Node.TotalSlots);
            Context.Watch(register.Agent);
        }
    }

    private void OnRequestWorkers(RequestWorkers request)
    {
        var now = DateTime.UtcNow;
        var placement = Scheduler.Place(_nodes.Capacities(now), request.Count);
        var placed = 0;
        foreach (var (nodeId, count) in placement)
        {
            if (_nodes.Agent(nodeId) is not { } agent) continue;
            agent.Tell(new AllocateWorkers(request.ExId, request.JobId, request.ExConfigJson, count, Sender));
            _nodes.Reserve(nodeId, request.ExId, count, now + _settings.ReservationTimeout);
            placed += count;
        }
        if (placed > 0) Sender.Tell(new WorkersRequested(placed));
    }

    // ---- plumbing

    /// <summary>Runs a state-changing command, answering a Rejection instead of crashing on a fault.</summary>
    private async Task Guarded(Func<Task<object>> command)
    {
        var sender = Sender;
        object reply;
        try
        {
            reply = await command();
        }
        catch (Exception e)
        {
            _log.Error(e, "Cluster master command failed");
            reply = new Rejection(RejectionKind.Internal, "the cluster master could not complete the request: " + e.Message);
        }
        if (reply is not Done) sender.Tell(reply);
    }

    /// <summary>Runs a read without blocking the master; its answer (or a Rejection) goes to the sender.</summary>
    private void Query(Func<Task<object>> query, IActorRef? replyTo = null)
    {
        var sender = replyTo ?? Sender;
        var log = _log;
        query().ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully) return t.Result;
            log.Error(t.Exception?.GetBaseException(), "Cluster master query failed");
            return new Rejection(RejectionKind.Internal, "the cluster master could not complete the request: " + t.Exception?.GetBaseException().Message);
        }, TaskScheduler.Default).ContinueWith(t =>
        {
            if (t.Result is not Done) sender.Tell(t.Result);
        }, TaskScheduler.Default);
    }

    private static JsonReply Json(JsonNode node) => new(node.ToJsonString());

    private static JsonNode Node(JsonObject o) => o;

    private static void AddWarnings(JsonObject reply, ValidatedJob validated)
    {
        if (validated.Warnings.Count > 0) reply["warnings"] = new JsonArray(validated.Warnings.Select(w => (JsonNode)w.DeepClone()).ToArray());
    }

    private static JsonObject? ParseObject(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record Load
    {
        public static readonly Load Instance = new();
    }

    private sealed record Loaded(IReadOnlyList<JsonObject> Living);

    private sealed record Prune
    {
        public static readonly Prune Instance = new();
    }

    private sealed record RestartController(string ExId);

    private sealed record StartStored(JsonObject Ex);

    private sealed record Done
    {
        public static readonly Done Instance = new();
    }
}
