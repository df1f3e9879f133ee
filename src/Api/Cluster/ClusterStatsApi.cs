using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using Teraslice.Akka.Api.Http;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Api.Cluster;

/// <summary>
/// <c>GET /cluster/stats</c>: the master's JSON, or, when the Accept header asks for it, the
/// counters in OpenMetrics text as upstream's old Prometheus exporter mode served them.
/// </summary>
internal static class ClusterStatsApi
{
    public const string OpenMetricsMediaType = "application/openmetrics-text";
    public const string OpenMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    // Fields of "controllers" and their metric names, in upstream's order; upstream never
    // exported job_duration.
    private static readonly (string Field, string Metric)[] Counters =
    [
        ("processed", "teraslice_slices_processed"),
        ("failed", "teraslice_slices_failed"),
        ("queued", "teraslice_slices_queued"),
        ("workers_joined", "teraslice_workers_joined"),
        ("workers_disconnected", "teraslice_workers_disconnected"),
        ("workers_reconnected", "teraslice_workers_reconnected"),
    ];

    public static void MapClusterStatsApi(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/cluster/stats", ApiRoute.Handle(StatsAsync));

    private static async Task<object> StatsAsync(ApiRequest request)
    {
        var http = request.Http;
        // Caches must not serve one form for the other.
        http.Response.Headers.Vary = HeaderNames.Accept;
        var openMetrics = AcceptHeader.Prefers(http.Request.Headers.Accept, OpenMetricsMediaType, "application/json");

        var reply = await request.AskAsync(GetClusterStats.Instance);
        return openMetrics && reply is JsonReply json
            ? new TextReply(OpenMetricsContentType, OpenMetrics(json.Json, request.Options.ClusterName))
            : reply;
    }

    /// <summary>
    /// One counter per known field of <c>controllers</c>, labelled with the cluster name; a field
    /// the master left out (or that is not a number) is left out too.
    /// </summary>
    public static string OpenMetrics(string statsJson, string clusterName)
    {
        using var document = JsonDocument.Parse(statsJson);
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty("controllers", out var controllers)
            || controllers.ValueKind != JsonValueKind.Object)
            throw new InvalidOperationException("the cluster stats reply has no \"controllers\" object");

        var label = $"{{cluster=\"{EscapeLabelValue(clusterName)}\"}}";
        var text = new StringBuilder();
        foreach (var (field, metric) in Counters)
        {
            if (!controllers.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.Number)
                continue;
            text.Append("# TYPE ").Append(metric).Append(" counter\n");
            text.Append(metric).Append(label).Append(' ').Append(value.GetRawText()).Append('\n');
        }
        return text.Append("# EOF\n").ToString();
    }

    /// <summary>Label values escape backslash, double quote and line feed (OpenMetrics ABNF).</summary>
    private static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
}
