using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Teraslice.Akka.Operations.Testing;

/// <summary>
/// <c>fault_injector</c>: a test tool for pipelines and the cluster. Fails (throws) a slice when
/// its slicer_order is listed, when one of its records has <c>field</c> = <c>value</c>, or at a
/// <c>rate</c> (deterministic with <c>seed</c>); only the first <c>attempts</c> attempts of a
/// slice when set; with <c>crash: true</c> it kills the whole node process instead of throwing
/// (a node crash mid-slice). Passes the records through otherwise.
/// </summary>
public sealed class FaultInjector : ProcessorDefinition<FaultInjectorConfig, FaultInjectorProcessor>
{
    public override string Name => "fault_injector";
    public override string Description => "Test tool: fails or crashes on chosen slices";
}

public sealed record FaultInjectorConfig : OpConfig, IValidatableObject
{
    /// <summary>Fail the slices with these slicer_order values.</summary>
    public List<long>? SlicerOrders { get; init; }

    /// <summary>Fail a slice that has a record whose <see cref="Field"/> equals <see cref="Value"/>.</summary>
    public string? Field { get; init; }

    public JsonNode? Value { get; init; }

    /// <summary>Fail this share of the slices (0..1), chosen by a hash of the seed and the slice id.</summary>
    [Range(0d, 1d, ErrorMessage = "must be between 0 and 1")]
    public double Rate { get; init; }

    public int Seed { get; init; }

    /// <summary>Fail only a slice's first N attempts (in-worker retries and re-dispatches count); null: every attempt.</summary>
    [Positive]
    public int? Attempts { get; init; }

    /// <summary>Kill the node process (SIGKILL) instead of throwing.</summary>
    public bool Crash { get; init; }

    /// <summary>The error text.</summary>
    public string Message { get; init; } = "fault_injector: injected failure";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Field is not null && Value is null)
            yield return new ValidationResult("must be set when field is", [nameof(Value)]);
    }
}

public sealed class FaultInjectorProcessor : BatchProcessor<FaultInjectorConfig>
{
    private string? _valueText;

    public override ValueTask<List<DataEntity>> OnBatchAsync(List<DataEntity> data, SliceContext slice, CancellationToken ct)
    {
        if (Config.Attempts is { } attempts && slice.RetryCount >= attempts) return ValueTask.FromResult(data);
        if (!ShouldFail(data, slice)) return ValueTask.FromResult(data);
        if (Config.Crash)
        {
            Context.Logger.LogCritical("fault_injector kills the node on slice {SliceId}", slice.SliceId);
            Process.GetCurrentProcess().Kill();
        }
        throw new InvalidOperationException($"{Config.Message} (slice {slice.SliceId}, slicer_order {slice.SlicerOrder})");
    }

    private bool ShouldFail(List<DataEntity> data, SliceContext slice)
    {
        if (Config.SlicerOrders?.Contains(slice.SlicerOrder) == true) return true;
        if (Config.Field is { } field)
        {
            _valueText ??= Config.Value?.ToJsonString();
            foreach (var record in data)
                if (record.TryGetValue(field, out var value) && Json(value) == _valueText) return true;
        }
        if (Config.Rate > 0)
        {
            // stable per slice and seed, whichever worker runs it
            var hash = (uint)HashCode.Combine(Config.Seed, StableHash(slice.SliceId));
            if (hash / (double)uint.MaxValue < Config.Rate) return true;
        }
        return false;
    }

    private static string Json(object? value)
    {
        using var stream = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(stream)) DataEntityJson.WriteValue(writer, value);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static int StableHash(string text)
    {
        unchecked
        {
            var hash = (int)2166136261;
            foreach (var c in text) hash = (hash ^ c) * 16777619;
            return hash;
        }
    }
}
