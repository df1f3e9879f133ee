namespace Teraslice.Akka.Operations;

/// <summary>The operation APIs of one worker, by their <c>_name</c> in the job's <c>apis</c>.</summary>
public sealed class ApiRegistry : IAsyncDisposable
{
    private readonly Dictionary<string, IOperationApi> _apis = new(StringComparer.Ordinal);

    public static ApiRegistry Empty { get; } = new();

    public IReadOnlyCollection<string> Names => _apis.Keys;

    /// <summary>The API named <paramref name="name"/> as a <typeparamref name="T"/>; throws a clear error otherwise.</summary>
    public T Get<T>(string name) where T : class
    {
        if (!_apis.TryGetValue(name, out var api))
            throw new InvalidOperationException($"The job has no api named \"{name}\" (its apis: {(_apis.Count == 0 ? "none" : string.Join(", ", _apis.Keys))})");
        return api as T ?? throw new InvalidOperationException($"The api \"{name}\" is a {api.GetType().Name}, not a {typeof(T).Name}");
    }

    internal void Add(string name, IOperationApi api) => _apis.Add(name, api);

    internal async ValueTask InitializeAsync(CancellationToken ct)
    {
        foreach (var api in _apis.Values) await api.InitializeAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var api in _apis.Values) await api.DisposeAsync();
    }
}
