using System.Data;
using System.Text.Json.Nodes;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Master.Storage;

// Asset bundles: the zip bytes next to their metadata document, so every node can fetch a bundle
// from the database it already uses.
public sealed partial class SqlStateStore
{
    private const string AssetsTable = "ts_assets";
    private static readonly string[] AssetKey = ["id"];

    private static readonly Dictionary<string, SortColumn> AssetSortColumns = new(StringComparer.Ordinal)
    {
        ["_created"] = new("created", Nullable: false),
        ["name"] = new("name", Nullable: false),
        ["version"] = new("version", Nullable: false),
        ["id"] = new("id", Nullable: false),
    };

    private static IEnumerable<string> AssetSchemaStatements(SqlDialect d) =>
    [
        $"CREATE TABLE IF NOT EXISTS {AssetsTable} (" +
        $"id {d.KeyType} NOT NULL PRIMARY KEY, name {d.KeyType} NOT NULL, version {d.KeyType} NOT NULL, " +
        $"doc {d.DocumentType} NOT NULL, zip {d.BlobType} NOT NULL, created {d.TimestampType} NOT NULL)",
        $"CREATE INDEX IF NOT EXISTS ix_{AssetsTable}_name ON {AssetsTable} (name, version)",
        $"CREATE INDEX IF NOT EXISTS ix_{AssetsTable}_created ON {AssetsTable} (created)",
    ];

    public async Task<bool> InsertAssetAsync(JsonObject asset, byte[] zip, CancellationToken ct = default)
    {
        var (id, name, version) = AssetColumnsOf(asset);
        await using var connection = await _dialect.OpenConnectionAsync(ct);
        await using var command = Command(connection,
            $"INSERT INTO {AssetsTable} (id, name, version, doc, zip, created) VALUES (@id, @name, @version, @doc, @zip, @created)");
        Add(command, "@id", id, DbType.String);
        Add(command, "@name", name, DbType.String);
        Add(command, "@version", version, DbType.String);
        Add(command, "@doc", StateDocuments.ToText(asset), DbType.String);
        Add(command, "@zip", zip, DbType.Binary);
        Add(command, "@created", StateDocuments.TimestampOf(asset, "_created"), DbType.Int64);
        try
        {
            await command.ExecuteNonQueryAsync(ct);
            return true;
        }
        catch (System.Data.Common.DbException e) when (_dialect.IsUniqueViolation(e))
        {
            return false; // the same bytes were stored before (the id is their hash)
        }
    }

    public Task<JsonObject?> GetAssetAsync(string id, CancellationToken ct = default) =>
        GetOneAsync($"SELECT doc FROM {AssetsTable} WHERE id = @id", "@id", id, ct);

    public async Task<byte[]?> GetAssetZipAsync(string id, CancellationToken ct = default)
    {
        await using var connection = await _dialect.OpenConnectionAsync(ct);
        await using var command = Command(connection, $"SELECT zip FROM {AssetsTable} WHERE id = @id");
        Add(command, "@id", id, DbType.String);
        return await command.ExecuteScalarAsync(ct) as byte[];
    }

    public async Task<IReadOnlyList<JsonObject>> ListAssetsAsync(ListQuery query, string? name, string? version, CancellationToken ct = default)
    {
        var orderBy = OrderBy(query, AssetSortColumns, AssetKey, "assets");
        var where = (name, version) switch
        {
            (null, _) => "",
            (_, null) => " WHERE name = @name",
            _ => " WHERE name = @name AND version = @version",
        };
        await using var connection = await _dialect.OpenConnectionAsync(ct);
        await using var command = Command(connection, $"SELECT doc FROM {AssetsTable}{where} ORDER BY {orderBy} LIMIT @size OFFSET @from");
        BindPage(command, query);
        if (name is not null) Add(command, "@name", name, DbType.String);
        if (name is not null && version is not null) Add(command, "@version", version, DbType.String);
        return await ReadDocumentsAsync(command, ct);
    }

    public async Task<bool> DeleteAssetAsync(string id, CancellationToken ct = default)
    {
        await using var connection = await _dialect.OpenConnectionAsync(ct);
        await using var command = Command(connection, $"DELETE FROM {AssetsTable} WHERE id = @id");
        Add(command, "@id", id, DbType.String);
        return await command.ExecuteNonQueryAsync(ct) > 0;
    }

    private static (string Id, string Name, string Version) AssetColumnsOf(JsonObject asset)
    {
        static string Required(JsonObject doc, string key) =>
            doc[key] is JsonValue v && v.TryGetValue<string>(out var text) && text.Length > 0
                ? text
                : throw new ArgumentException($"an asset document needs a non-empty \"{key}\"", nameof(asset));
        return (Required(asset, "id"), Required(asset, "name"), Required(asset, "version"));
    }
}
