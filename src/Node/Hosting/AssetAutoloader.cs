using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Teraslice.Akka.Node.Configuration;
using Teraslice.Akka.Protocol;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Node.Hosting;

/// <summary>
/// Uploads the bundles of <c>teraslice.autoload-dir</c> when a master node starts: each
/// <c>*.zip</c>, in name order, sent to the cluster master as <c>POST /assets</c> sends it, so the
/// same checks apply and bundles already stored stay as they are. A refused bundle is logged and
/// skipped; the node runs on.
/// </summary>
internal sealed class AssetAutoloader(
    TerasliceSettings settings, IRequiredActor<ActorKeys.Master> master, long maxBytes, ILogger<AssetAutoloader> logger)
    : BackgroundService
{
    /// <summary>The master may still be starting (the cluster forming), so each bundle waits this long.</summary>
    public static readonly TimeSpan UploadTimeout = TimeSpan.FromMinutes(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        List<string> files;
        try
        {
            files = Directory.GetFiles(settings.AutoloadDir, "*.zip").Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogError(e, "Autoload from {Folder} failed: {Reason}", settings.AutoloadDir, e.Message);
            return;
        }
        logger.LogInformation("Autoloading {Count} asset bundle(s) from {Folder}", files.Count, Path.GetFullPath(settings.AutoloadDir));
        if (files.Count == 0) return;

        var proxy = await master.GetAsync(stoppingToken);
        foreach (var file in files)
        {
            // a failure here must not end the host (a BackgroundService's exception stops it)
            try
            {
                await UploadAsync(proxy, file, stoppingToken);
            }
            catch (AskTimeoutException)
            {
                logger.LogError("Autoload of {File} failed: the cluster master did not answer within {Timeout}", file, UploadTimeout);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "Autoload of {File} failed: {Reason}", file, e.Message);
            }
        }
    }

    private async Task UploadAsync(IActorRef proxy, string file, CancellationToken ct)
    {
        var zip = await File.ReadAllBytesAsync(file, ct);
        if (zip.Length > maxBytes)
        {
            logger.LogError("Autoload of {File} skipped: {Bytes} bytes, more than the {MaxBytes} a bundle may have " +
                            "(akka.remote.dot-netty.tcp.maximum-frame-size)", file, zip.Length, maxBytes);
            return;
        }
        var reply = await proxy.Ask<object>(new UploadAsset(zip), UploadTimeout, ct);
        switch (reply)
        {
            case JsonReply json:
                var id = JsonNode.Parse(json.Json)?["asset_id"]?.GetValue<string>();
                logger.LogInformation("Autoload of {File}: asset {AssetId} {Outcome}", file, id,
                    json.Created ? "stored" : "was already stored");
                break;
            case Rejection rejection:
                logger.LogError("Autoload of {File} refused ({Kind}): {Message}", file, rejection.Kind, rejection.Message);
                break;
            default:
                logger.LogError("Autoload of {File}: unexpected answer {Reply}", file, reply);
                break;
        }
    }
}
