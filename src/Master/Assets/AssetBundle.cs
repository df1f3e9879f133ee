using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Semver;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Master.Assets;

/// <summary>What an uploaded bundle says about itself (its asset.json), and its id.</summary>
public sealed record AssetInfo(string Id, string Name, SemVersion Version, JsonObject Manifest);

/// <summary>
/// Checks an uploaded asset bundle before anything is stored: a zip, with asset.json at its root
/// naming the asset and a semver version, no entry escaping the bundle's folder (zip-slip), and a
/// minimum_teraslice_version this cluster meets. The id is Teraslice's: the SHA-1 (hex) of the
/// base64 text of the zip bytes.
/// </summary>
public static class AssetBundle
{
    public static string IdOf(byte[] zip) =>
        Convert.ToHexStringLower(SHA1.HashData(System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(zip))));

    /// <summary>The bundle's info, or the rejection to answer.</summary>
    public static (AssetInfo? Info, Rejection? Problem) Inspect(byte[] zip, SemVersion terasliceVersion)
    {
        if (zip.Length < 4 || zip[0] != 0x50 || zip[1] != 0x4b || zip[2] != 0x03 || zip[3] != 0x04)
            return (null, Rejection.BadRequest("Failed to save asset. File type not recognized as zip."));
        JsonObject manifest;
        try
        {
            using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
            foreach (var entry in archive.Entries)
            {
                if (!IsSafe(entry.FullName))
                    return (null, Rejection.Unprocessable($"asset bundle has an unsafe path \"{entry.FullName}\": entries must stay inside the bundle"));
            }
            var manifestEntry = archive.GetEntry("asset.json");
            if (manifestEntry is null)
                return (null, Rejection.Unprocessable("asset.json was not found in root directory of asset bundle"));
            try
            {
                using var stream = manifestEntry.Open();
                manifest = JsonNode.Parse(stream) as JsonObject ?? throw new JsonException("not an object");
            }
            catch (JsonException)
            {
                return (null, Rejection.Unprocessable("Failure parsing asset.json, please ensure that's it formatted correctly"));
            }
        }
        catch (InvalidDataException e)
        {
            return (null, Rejection.BadRequest($"Failed to save asset. The zip could not be read: {e.Message}"));
        }

        var name = manifest["name"] is JsonValue n && n.TryGetValue<string>(out var text) ? text.Trim() : "";
        if (name.Length == 0) return (null, Rejection.Unprocessable("Missing name"));
        if (name.IndexOfAny(['@', ':', '/', '\\', ' ']) >= 0)
            return (null, Rejection.Unprocessable($"Invalid name \"{name}\": an asset name cannot contain @, :, / or spaces"));
        var versionText = manifest["version"] is JsonValue v && v.TryGetValue<string>(out var vt) ? vt : manifest["version"]?.ToJsonString() ?? "";
        if (!SemVersion.TryParse(versionText.Trim().TrimStart('v', 'V', '='), SemVersionStyles.Strict, out var version))
            return (null, Rejection.Unprocessable($"Invalid version \"{versionText}\""));
        if (manifest["minimum_teraslice_version"] is JsonValue m && m.TryGetValue<string>(out var minimumText)
            && SemVersion.TryParse(minimumText.Trim().TrimStart('v', 'V'), SemVersionStyles.Any, out var minimum)
            && minimum.ComparePrecedenceTo(terasliceVersion) > 0)
            return (null, Rejection.Unprocessable($"Asset requires teraslice version {minimumText} or greater."));
        return (new AssetInfo(IdOf(zip), name, version, manifest), null);
    }

    /// <summary>Relative, no "..", no rooted or drive path: it extracts inside its folder.</summary>
    public static bool IsSafe(string entryName)
    {
        if (entryName.Length == 0 || entryName.StartsWith('/') || entryName.StartsWith('\\')) return false;
        if (entryName.Length >= 2 && entryName[1] == ':') return false;
        return !entryName.Split('/', '\\').Any(part => part == "..");
    }
}
