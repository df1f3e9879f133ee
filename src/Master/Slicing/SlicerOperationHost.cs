using Microsoft.Extensions.Logging;
using Teraslice.Akka.Operations;

namespace Teraslice.Akka.Master.Slicing;

/// <summary>
/// Creates and runs a job's slicer operation for the slicer entity, off the actor: every call
/// returns a task whose result the actor receives as a message.
/// </summary>
internal static class SlicerOperationHost
{
    /// <summary>
    /// Loads the operations of the execution's assets, creates the slicer operation and
    /// initialises it (to resume after <paramref name="lastCreatedRequest"/> when set).
    /// </summary>
    public static async Task<SlicerOperationReady> CreateAsync(
        ExecutionRecord execution, int slicerId, string? lastCreatedRequest, IOperationCatalog catalog, ILoggerFactory loggers)
    {
        var exConfig = execution.ToDocument();
        ISlicer? slicer = null;
        try
        {
            var assetIds = ExecutionInfo.AssetIds(exConfig);
            OperationRegistry registry;
            try
            {
                registry = assetIds.Count == 0 ? catalog.Builtins : await catalog.ForAssetsAsync(assetIds, CancellationToken.None);
            }
            catch (Exception e)
            {
                return new SlicerOperationReady(null, $"the assets of execution {execution.ExId} could not be loaded: {e.Message}");
            }
            var plan = ExecutionPlan.Create(exConfig, registry);
            slicer = plan.CreateSlicer(slicerId, loggers.CreateLogger("Teraslice.Slicer"));
            SlicerRecovery? recovery = lastCreatedRequest is { } last ? new SlicerRecovery(new SliceRequest(last)) : null;
            if (recovery is not null && !slicer.IsRecoverable)
            {
                await slicer.DisposeAsync();
                return new SlicerOperationReady(null,
                    $"the slicer of operation \"{plan.Execution.Operations[0]["_op"]}\" is not recoverable, so it cannot resume after a restart");
            }
            await slicer.InitializeAsync(recovery, CancellationToken.None);
            return new SlicerOperationReady(slicer, null);
        }
        catch (Exception e)
        {
            if (slicer is not null) await DisposeQuietlyAsync(slicer);
            return new SlicerOperationReady(null, Describe(e), e);
        }
    }

    /// <summary>Asks the slicer operation for up to <paramref name="max"/> slice requests.</summary>
    public static async Task<SlicesCut> CutAsync(ISlicer slicer, int max)
    {
        var requests = new List<string>();
        try
        {
            while (requests.Count < max)
            {
                var result = await slicer.SliceAsync(CancellationToken.None);
                foreach (var request in result.Requests) requests.Add(SliceRequest.Serialize(request));
                if (result.IsDone) return new SlicesCut(requests, true, null);
                if (result.Requests.Count == 0) break;
            }
            return new SlicesCut(requests, false, null);
        }
        catch (Exception e)
        {
            return new SlicesCut(requests, false, Describe(e));
        }
    }

    /// <summary>An operation's failure as users read it in _failureReason: its type and message, no stack.</summary>
    public static string Describe(Exception? e) => e is null ? "cancelled" : $"{e.GetType().Name}: {e.Message}";

    /// <summary>Disposes a slicer operation; returns the failure, if any (for the log).</summary>
    public static async Task<Exception?> DisposeQuietlyAsync(ISlicer slicer)
    {
        try
        {
            await slicer.DisposeAsync();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}

/// <summary>The slicer operation is ready (or why it could not be).</summary>
internal sealed record SlicerOperationReady(ISlicer? Slicer, string? Error, Exception? Cause = null);

/// <summary>Requests the slicer operation cut; <see cref="Done"/> when it has no more; <see cref="Error"/> when it threw.</summary>
internal sealed record SlicesCut(IReadOnlyList<string> Requests, bool Done, string? Error);
