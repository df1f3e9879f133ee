using Akka.Actor;
using Akka.Event;
using Microsoft.Extensions.Logging;
using Teraslice.Akka.Operations;
using Teraslice.Akka.Protocol.Slicing;
using Teraslice.Akka.Protocol.Workers;

namespace Teraslice.Akka.Node.Workers;

/// <summary>What a worker needs to run an execution's pipeline.</summary>
public sealed record WorkerAssignment(ExecutionRecord Execution, IActorRef Controller, string WorkerId, string NodeId)
{
    public string ExId => Execution.ExId;
}

/// <summary>
/// One worker slot running one execution: builds the pipeline (fetcher → processors), joins the
/// execution controller, pulls slices from every slicer of the execution (a few ahead, so it is
/// never idle waiting for the next one), runs them one at a time off the actor's thread, and
/// reports each result to the slicer that handed it out.
/// </summary>
public sealed class WorkerActor : ReceiveActor
{
    private readonly WorkerAssignment _assignment;
    private readonly IActorRef _slicerRegion;
    private readonly IOperationCatalog _catalog;
    private readonly ILoggerFactory _loggerFactory;
    private readonly int _prefetch;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _cancel = new();
    private readonly Queue<(SliceRecord Slice, IActorRef Slicer)> _queue = new();
    private readonly Dictionary<int, IActorRef> _slicers = new();
    private readonly HashSet<int> _drained = [];

    private SlicePipeline? _pipeline;
    private int _slicerCount;
    private bool _running;
    private bool _stopping;

    public WorkerActor(WorkerAssignment assignment, IActorRef slicerRegion, IOperationCatalog catalog, ILoggerFactory loggerFactory, int prefetch)
    {
        _assignment = assignment;
        _slicerRegion = slicerRegion;
        _catalog = catalog;
        _loggerFactory = loggerFactory;
        _prefetch = Math.Max(1, prefetch);

        Receive<Ready>(OnReady);
        Receive<SlicesAssigned>(OnAssigned);
        Receive<SliceDone>(OnSliceDone);
        Receive<SlicerDrained>(d => _drained.Add(d.SlicerId));
        Receive<StopWorker>(s => BeginStop(s.Graceful));
        Receive<Terminated>(OnTerminated);
    }

    public static Props Props(WorkerAssignment assignment, IActorRef slicerRegion, IOperationCatalog catalog, ILoggerFactory loggerFactory, int prefetch) =>
        global::Akka.Actor.Props.Create(() => new WorkerActor(assignment, slicerRegion, catalog, loggerFactory, prefetch));

    protected override void PreStart()
    {
        // build the pipeline once the operations of the execution's assets are loaded (off the actor's thread)
        var execution = _assignment.Execution;
        var catalog = _catalog;
        var loggers = _loggerFactory;
        var workerId = _assignment.WorkerId;
        var token = _cancel.Token;
        BuildAsync().ContinueWith(
            t => t.IsCompletedSuccessfully ? new Ready(t.Result.Pipeline, t.Result.Slicers, null) : new Ready(null, 0, t.Exception?.GetBaseException() ?? new TaskCanceledException()),
            TaskScheduler.Default).PipeTo(Self);

        async Task<(SlicePipeline Pipeline, int Slicers)> BuildAsync()
        {
            var ex = execution.ToDocument();
            var registry = await catalog.ForAssetsAsync(ExecutionInfo.AssetIds(ex), token);
            var plan = ExecutionPlan.Create(ex, registry);
            var pipeline = plan.CreatePipeline(workerId, loggers.CreateLogger("Teraslice.Worker"));
            try
            {
                await pipeline.InitializeAsync(token);
            }
            catch
            {
                await pipeline.DisposeAsync();
                throw;
            }
            return (pipeline, plan.Execution.Slicers);
        }
    }

    private void OnReady(Ready ready)
    {
        if (ready.Error is not null)
        {
            _log.Error(ready.Error, "Worker {WorkerId}: the operations of execution {ExId} failed to initialize", _assignment.WorkerId, _assignment.ExId);
            Context.Stop(Self);
            return;
        }
        _pipeline = ready.Pipeline;
        _slicerCount = ready.Slicers;
        Context.Watch(_assignment.Controller);
        _assignment.Controller.Tell(new WorkerJoined(_assignment.ExId, _assignment.WorkerId, _assignment.NodeId));
        if (_stopping) return;
        for (var i = 0; i < _slicerCount; i++)
            _slicerRegion.Tell(new RequestSlices(_assignment.ExId, i, _assignment.WorkerId, _prefetch));
    }

    private void OnAssigned(SlicesAssigned assigned)
    {
        if (!_slicers.TryGetValue(assigned.SlicerId, out var known) || !known.Equals(Sender))
        {
            _slicers[assigned.SlicerId] = Sender;
            Context.Watch(Sender);
        }
        foreach (var slice in assigned.Slices) _queue.Enqueue((slice, Sender));
        if (_stopping)
        {
            ReturnQueued();
            return;
        }
        RunNext();
    }

    private void RunNext()
    {
        if (_running || _queue.Count == 0 || _pipeline is null) return;
        var (slice, slicer) = _queue.Dequeue();
        _running = true;
        var pipeline = _pipeline;
        var context = new SliceContext(slice.SliceId, slice.SlicerId, slice.SlicerOrder, new SliceRequest(slice.Request), slice.RetryCount);
        var token = _cancel.Token;
        Task.Run(() => pipeline.RunAsync(context, token), token).PipeTo(Self,
            success: outcome => new SliceDone(slice, slicer, outcome),
            failure: e => new SliceDone(slice, slicer, new SliceOutcome(SliceMetrics.Zero, e.ToString(), 1)));
    }

    private void OnSliceDone(SliceDone done)
    {
        _running = false;
        var (slice, slicer, outcome) = done;
        var wantsMore = !_stopping;
        if (_cancel.IsCancellationRequested)
        {
            // dropped on a forced stop: the slicer requeues what this worker held when it stops
        }
        else if (outcome.Succeeded)
        {
            slicer.Tell(new SliceCompleted(_assignment.ExId, slice.SlicerId, slice.SliceId, _assignment.WorkerId, outcome.Metrics, wantsMore));
        }
        else
        {
            slicer.Tell(new SliceFailed(_assignment.ExId, slice.SlicerId, slice.SliceId, _assignment.WorkerId, outcome.Error!,
                slice.RetryCount + outcome.Attempts - 1, wantsMore));
        }
        if (_stopping)
        {
            ReturnQueued();
            Context.Stop(Self);
            return;
        }
        RunNext();
    }

    private void BeginStop(bool graceful)
    {
        if (_stopping && graceful) return;
        _stopping = true;
        ReturnQueued();
        if (!graceful) _cancel.Cancel();
        if (!_running || !graceful) Context.Stop(Self);
    }

    /// <summary>Hands unstarted slices back to their slicers, so another worker takes them at once.</summary>
    private void ReturnQueued()
    {
        foreach (var group in _queue.GroupBy(q => (q.Slice.SlicerId, q.Slicer)))
            group.Key.Slicer.Tell(new ReturnSlices(_assignment.ExId, group.Key.SlicerId, _assignment.WorkerId,
                group.Select(q => q.Slice.SliceId).ToList()));
        _queue.Clear();
    }

    private void OnTerminated(Terminated terminated)
    {
        if (terminated.ActorRef.Equals(_assignment.Controller))
        {
            _log.Info("Worker {WorkerId}: the controller of execution {ExId} is gone; finishing the current slice and stopping",
                _assignment.WorkerId, _assignment.ExId);
            BeginStop(graceful: true);
            return;
        }
        // a slicer moved or restarted: it requeued what we held; ask its new incarnation for work
        var slicerId = _slicers.FirstOrDefault(kv => kv.Value.Equals(terminated.ActorRef)).Key;
        if (!_slicers.Remove(slicerId) || _stopping || _drained.Contains(slicerId)) return;
        _slicerRegion.Tell(new RequestSlices(_assignment.ExId, slicerId, _assignment.WorkerId, _prefetch));
    }

    protected override void PostStop()
    {
        _cancel.Cancel();
        var pipeline = _pipeline;
        if (pipeline is not null)
            _ = pipeline.DisposeAsync().AsTask().ContinueWith(t => t.Exception, TaskScheduler.Default);
    }

    private sealed record Ready(SlicePipeline? Pipeline, int Slicers, Exception? Error);

    private sealed record SliceDone(SliceRecord Slice, IActorRef Slicer, SliceOutcome Outcome);
}
