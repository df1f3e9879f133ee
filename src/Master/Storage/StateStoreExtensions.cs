using System.Text.Json.Nodes;
using Teraslice.Akka.Protocol.Api;
using Teraslice.Akka.Protocol.Executions;

namespace Teraslice.Akka.Master.Storage;

public static class StateStoreExtensions
{
    /// <summary>Every execution in a living status, oldest first (page by page).</summary>
    public static async Task<IReadOnlyList<JsonObject>> ListLivingExecutionsAsync(this IStateStore store, CancellationToken ct = default)
    {
        var living = new List<JsonObject>();
        for (var from = 0; ; from += ListQuery.MaxSize)
        {
            var page = await store.ListExecutionsAsync(new ListQuery(from, ListQuery.MaxSize, "_created", false, false), ExecutionStatuses.LivingWire, null, ct);
            living.AddRange(page);
            if (page.Count < ListQuery.MaxSize) return living;
        }
    }
}
