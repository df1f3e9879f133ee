using System.Collections;

namespace Teraslice.Akka.Operations.Standard;

/// <summary>
/// A field name that may reach into nested objects with dots (<c>user.address.city</c>,
/// <c>tags.0</c>), resolved as lodash's <c>get</c>/<c>has</c>/<c>set</c> do for the upstream
/// operations that use them: a top-level key spelled exactly like the path wins; otherwise each
/// segment steps into a nested record or dictionary, or a list by index.
/// </summary>
public sealed class FieldPath
{
    private readonly string[]? _segments;
    private readonly int[]? _indexes;

    public FieldPath(string path)
    {
        Path = path;
        if (path.Length < 3 || !path.Contains('.')) return;
        _segments = path.Split('.');
        _indexes = new int[_segments.Length];
        for (var i = 0; i < _segments.Length; i++)
            _indexes[i] = int.TryParse(_segments[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : -1;
    }

    public string Path { get; }

    /// <summary>Whether the path has more than one segment.</summary>
    public bool IsNested => _segments is not null;

    /// <summary>The value at the path; false when some segment is absent (a present null is found).</summary>
    public bool TryGet(DataEntity record, out object? value)
    {
        if (record.TryGetValue(Path, out value)) return true;
        if (_segments is null) return false;
        object? current = record;
        for (var i = 0; i < _segments.Length; i++)
        {
            if (!TryStep(current, _segments[i], _indexes![i], out current))
            {
                value = null;
                return false;
            }
        }
        value = current;
        return true;
    }

    /// <summary>The value at the path, or null when absent.</summary>
    public object? Get(DataEntity record) => TryGet(record, out var value) ? value : null;

    /// <summary>Sets the value, creating the intermediate records a nested path needs (lodash's set).</summary>
    public void Set(DataEntity record, object? value)
    {
        if (_segments is null || record.ContainsKey(Path))
        {
            record.Set(Path, value);
            return;
        }
        object current = record;
        for (var i = 0; i < _segments.Length - 1; i++)
        {
            TryStep(current, _segments[i], _indexes![i], out var next);
            if (next is not (DataEntity or IDictionary<string, object?> or IList))
            {
                // lodash replaces a missing or scalar step with an array when the next key is an index
                next = _indexes[i + 1] >= 0 ? new List<object?>() : new DataEntity();
                Assign(current, _segments[i], _indexes[i], next);
            }
            current = next;
        }
        Assign(current, _segments[^1], _indexes![^1], value);
    }

    /// <summary>Removes the field at the path; false when it was not there.</summary>
    public bool Remove(DataEntity record)
    {
        if (record.Remove(Path)) return true;
        if (_segments is null) return false;
        object? current = record;
        for (var i = 0; i < _segments.Length - 1; i++)
            if (!TryStep(current, _segments[i], _indexes![i], out current)) return false;
        return current switch
        {
            DataEntity entity => entity.Remove(_segments[^1]),
            IDictionary<string, object?> map => map.Remove(_segments[^1]),
            _ => false, // lodash's unset leaves list slots alone too (it deletes, leaving a hole)
        };
    }

    public override string ToString() => Path;

    private static bool TryStep(object? current, string segment, int index, out object? next)
    {
        switch (current)
        {
            case DataEntity entity:
                return entity.TryGetValue(segment, out next);
            case IDictionary<string, object?> map:
                return map.TryGetValue(segment, out next);
            case IList list when index >= 0 && index < list.Count:
                next = list[index];
                return true;
            default:
                next = null;
                return false;
        }
    }

    private static void Assign(object container, string segment, int index, object? value)
    {
        switch (container)
        {
            case DataEntity entity:
                entity.Set(segment, value);
                break;
            case IDictionary<string, object?> map:
                map[segment] = value;
                break;
            case IList list when index >= 0:
                while (list.Count <= index) list.Add(null);
                list[index] = value;
                break;
            case IList:
                throw new InvalidOperationException($"cannot set \"{segment}\" on a list (use an index)");
        }
    }
}
