using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Teraslice.Akka.Operations;

/// <summary>
/// One record flowing through a pipeline: an ordered string-keyed map of values plus metadata
/// (Teraslice's <c>_key</c>, <c>_createTime</c>, <c>_ingestTime</c>, <c>_processTime</c>,
/// <c>_eventTime</c> and any other name).
/// </summary>
/// <remarks>
/// Every record of every job rides on this type, so it is a pair of parallel arrays searched
/// linearly (records rarely have more than a dozen fields; keys are usually the same interned
/// strings, so the reference check hits first), with a dictionary index only for wide records.
/// Values are plain .NET values: string, long, double, bool, null, DateTime, nested DataEntity
/// or IDictionary, and lists.
/// </remarks>
public sealed class DataEntity : IDictionary<string, object?>, IReadOnlyDictionary<string, object?>
{
    private const int IndexThreshold = 16;
    private static readonly string[] NoKeys = [];
    private static readonly object?[] NoValues = [];

    private string[] _keys;
    private object?[] _values;
    private int _count;
    private Dictionary<string, int>? _index;
    private Dictionary<string, object?>? _metadata;

    public DataEntity() : this(8)
    {
    }

    public DataEntity(int capacity)
    {
        _keys = capacity == 0 ? NoKeys : new string[capacity];
        _values = capacity == 0 ? NoValues : new object?[capacity];
    }

    public DataEntity(IEnumerable<KeyValuePair<string, object?>> fields) : this(fields is ICollection<KeyValuePair<string, object?>> c ? c.Count : 8)
    {
        foreach (var (key, value) in fields) Set(key, value);
    }

    /// <summary>Teraslice's <c>_key</c> metadata: the record's identity for senders and routers.</summary>
    public object? Key
    {
        get => GetMetadata(MetadataNames.Key);
        set => SetMetadata(MetadataNames.Key, value);
    }

    public DateTime? CreateTime
    {
        get => GetMetadata(MetadataNames.CreateTime) as DateTime?;
        set => SetMetadata(MetadataNames.CreateTime, value);
    }

    public DateTime? IngestTime
    {
        get => GetMetadata(MetadataNames.IngestTime) as DateTime?;
        set => SetMetadata(MetadataNames.IngestTime, value);
    }

    public DateTime? ProcessTime
    {
        get => GetMetadata(MetadataNames.ProcessTime) as DateTime?;
        set => SetMetadata(MetadataNames.ProcessTime, value);
    }

    public DateTime? EventTime
    {
        get => GetMetadata(MetadataNames.EventTime) as DateTime?;
        set => SetMetadata(MetadataNames.EventTime, value);
    }

    /// <summary>The raw bytes of the record when it was read with <c>_encoding: raw</c>.</summary>
    public byte[]? RawData { get; set; }

    public IReadOnlyDictionary<string, object?> Metadata =>
        (IReadOnlyDictionary<string, object?>?)_metadata ?? System.Collections.ObjectModel.ReadOnlyDictionary<string, object?>.Empty;

    public object? GetMetadata(string name) =>
        _metadata is not null && _metadata.TryGetValue(name, out var value) ? value : null;

    public void SetMetadata(string name, object? value)
    {
        if (value is null)
        {
            _metadata?.Remove(name);
            return;
        }
        (_metadata ??= new Dictionary<string, object?>(StringComparer.Ordinal))[name] = value;
    }

    public int Count => _count;

    /// <summary>The value of a field; throws <see cref="KeyNotFoundException"/> when absent (see <see cref="Get"/>).</summary>
    public object? this[string key]
    {
        get
        {
            var i = IndexOf(key);
            return i >= 0 ? _values[i] : throw new KeyNotFoundException($"The record has no field \"{key}\"");
        }
        set => Set(key, value);
    }

    /// <summary>The value of a field, or null when absent.</summary>
    public object? Get(string key)
    {
        var i = IndexOf(key);
        return i >= 0 ? _values[i] : null;
    }

    /// <summary>Sets a field, keeping its position when it exists and appending it otherwise.</summary>
    public void Set(string key, object? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        var i = IndexOf(key);
        if (i >= 0)
        {
            _values[i] = value;
            return;
        }
        if (_count == _keys.Length) Grow();
        _keys[_count] = key;
        _values[_count] = value;
        _index?.Add(key, _count);
        _count++;
        if (_index is null && _count > IndexThreshold) BuildIndex();
    }

    public bool Remove(string key)
    {
        var i = IndexOf(key);
        if (i < 0) return false;
        _count--;
        Array.Copy(_keys, i + 1, _keys, i, _count - i);
        Array.Copy(_values, i + 1, _values, i, _count - i);
        _keys[_count] = null!;
        _values[_count] = null;
        if (_index is not null) BuildIndex();
        return true;
    }

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        var i = IndexOf(key);
        if (i < 0)
        {
            value = null;
            return false;
        }
        value = _values[i];
        return true;
    }

    public void Clear()
    {
        Array.Clear(_keys, 0, _count);
        Array.Clear(_values, 0, _count);
        _count = 0;
        _index = null;
    }

    /// <summary>A shallow copy: same field values (nested objects shared), same metadata.</summary>
    public DataEntity Clone()
    {
        var copy = new DataEntity(_count);
        Array.Copy(_keys, copy._keys, _count);
        Array.Copy(_values, copy._values, _count);
        copy._count = _count;
        if (_index is not null) copy.BuildIndex();
        if (_metadata is not null) copy._metadata = new Dictionary<string, object?>(_metadata, StringComparer.Ordinal);
        copy.RawData = RawData;
        return copy;
    }

    public IEnumerable<string> Keys
    {
        get
        {
            for (var i = 0; i < _count; i++) yield return _keys[i];
        }
    }

    public IEnumerable<object?> Values
    {
        get
        {
            for (var i = 0; i < _count; i++) yield return _values[i];
        }
    }

    public Enumerator GetEnumerator() => new(this);

    private int IndexOf(string key)
    {
        if (_index is not null) return _index.TryGetValue(key, out var found) ? found : -1;
        var keys = _keys;
        var count = _count;
        for (var i = 0; i < count; i++)
            if (ReferenceEquals(keys[i], key)) return i;
        for (var i = 0; i < count; i++)
            if (string.Equals(keys[i], key, StringComparison.Ordinal)) return i;
        return -1;
    }

    private void Grow()
    {
        var size = Math.Max(4, _keys.Length * 2);
        Array.Resize(ref _keys, size);
        Array.Resize(ref _values, size);
    }

    private void BuildIndex()
    {
        if (_count <= IndexThreshold)
        {
            _index = null;
            return;
        }
        _index = new Dictionary<string, int>(_count, StringComparer.Ordinal);
        for (var i = 0; i < _count; i++) _index[_keys[i]] = i;
    }

    /// <summary>Allocation-free enumerator over the fields in order.</summary>
    public struct Enumerator(DataEntity entity) : IEnumerator<KeyValuePair<string, object?>>
    {
        private int _i = -1;

        public readonly KeyValuePair<string, object?> Current => new(entity._keys[_i], entity._values[_i]);

        readonly object IEnumerator.Current => Current;

        public bool MoveNext() => ++_i < entity._count;

        public void Reset() => _i = -1;

        public readonly void Dispose()
        {
        }
    }

    // ---- interface plumbing

    ICollection<string> IDictionary<string, object?>.Keys => Keys.ToList();
    ICollection<object?> IDictionary<string, object?>.Values => Values.ToList();
    bool ICollection<KeyValuePair<string, object?>>.IsReadOnly => false;
    void IDictionary<string, object?>.Add(string key, object? value)
    {
        if (ContainsKey(key)) throw new ArgumentException($"The record already has a field \"{key}\"", nameof(key));
        Set(key, value);
    }
    void ICollection<KeyValuePair<string, object?>>.Add(KeyValuePair<string, object?> item) => ((IDictionary<string, object?>)this).Add(item.Key, item.Value);
    bool ICollection<KeyValuePair<string, object?>>.Contains(KeyValuePair<string, object?> item) =>
        TryGetValue(item.Key, out var v) && Equals(v, item.Value);
    void ICollection<KeyValuePair<string, object?>>.CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex)
    {
        for (var i = 0; i < _count; i++) array[arrayIndex + i] = new(_keys[i], _values[i]);
    }
    bool ICollection<KeyValuePair<string, object?>>.Remove(KeyValuePair<string, object?> item) =>
        ((ICollection<KeyValuePair<string, object?>>)this).Contains(item) && Remove(item.Key);
    IEnumerator<KeyValuePair<string, object?>> IEnumerable<KeyValuePair<string, object?>>.GetEnumerator() => GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Teraslice's metadata names.</summary>
public static class MetadataNames
{
    public const string Key = "_key";
    public const string CreateTime = "_createTime";
    public const string IngestTime = "_ingestTime";
    public const string ProcessTime = "_processTime";
    public const string EventTime = "_eventTime";
}
