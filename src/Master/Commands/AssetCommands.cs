using System.Text.Json.Nodes;
using Semver;
using Teraslice.Akka.Master.Assets;
using Teraslice.Akka.Master.Executions;
using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Master.Commands;

/// <summary>Upload and delete asset bundles: the rules, over the store and the node's asset catalog.</summary>
public sealed class AssetCommands(IStateStore store, AssetCatalog assets, string terasliceVersion)
{
    /// <summary>Asset ids are SHA-1 hex digests.</summary>
    public const int IdLength = 40;

    private readonly SemVersion _ours = SemVersion.Parse(terasliceVersion.TrimStart('v'), SemVersionStyles.Any);

    /// <summary>POST /assets: 201 when stored, 200 with the same id when these bytes are stored already.</summary>
    public async Task<Decision> UploadAsync(UploadAsset upload, CancellationToken ct = default)
    {
        var (info, problem) = AssetBundle.Inspect(upload.Zip, _ours);
        if (problem is not null) return problem;
        var reply = new JsonObject { ["asset_id"] = info!.Id, ["_id"] = info.Id };
        if (await store.GetAssetAsync(info.Id, ct) is not null) return Decision.Json(reply);
        var version = info.Version.ToString();
        if ((await store.ListAssetsAsync(new ListQuery(0, 1, "_created", true, false), info.Name, version, ct)).Count > 0)
            return Rejections.AssetExists(info.Name, version);
        if (assets.CheckLoads(info, upload.Zip) is { } loadProblem) return Rejection.Unprocessable(loadProblem);
        var doc = new JsonObject { ["id"] = info.Id, ["name"] = info.Name, ["version"] = version };
        foreach (var key in new[] { "description", "minimum_teraslice_version", "node_version", "platform", "arch" })
            if (info.Manifest[key] is { } value) doc[key] = value.DeepClone();
        doc["_created"] = Documents.Now();
        var inserted = await store.InsertAssetAsync(doc, upload.Zip, ct);
        return Decision.Json(reply, created: inserted);
    }

    /// <summary>DELETE /assets/{id}.</summary>
    public async Task<Decision> DeleteAsync(DeleteAsset delete, CancellationToken ct = default)
    {
        if (delete.AssetId.Length != IdLength) return Rejections.AssetIdMalformed(delete.AssetId);
        if (!await store.DeleteAssetAsync(delete.AssetId, ct)) return Rejections.AssetNotFound(delete.AssetId);
        assets.Unload(delete.AssetId);
        return Decision.Json(new JsonObject { ["asset_id"] = delete.AssetId, ["_id"] = delete.AssetId });
    }
}
