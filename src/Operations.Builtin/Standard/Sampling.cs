namespace Teraslice.Akka.Operations.Standard;

/// <summary><c>sample_random</c>: keeps each record with probability <c>probability_to_keep</c> percent (default 100: all).</summary>
public sealed class SampleRandom : ProcessorDefinition<SampleRandomConfig, SampleRandomProcessor>
{
    public override string Name => "sample_random";
    public override string Description => "Keeps each record with a given probability";
}

public sealed record SampleRandomConfig : OpConfig
{
    /// <summary>0 to 100: the chance in percent that a record is kept.</summary>
    [Percent]
    public double ProbabilityToKeep { get; init; } = 100;
}

public sealed class SampleRandomProcessor : BatchProcessor<SampleRandomConfig>
{
    /// <summary>The source of randomness; tests seed it.</summary>
    internal Random Random { get; set; } = Random.Shared;

    public override ValueTask<List<DataEntity>> OnBatchAsync(List<DataEntity> data, SliceContext slice, CancellationToken ct)
    {
        var probability = Config.ProbabilityToKeep;
        if (probability >= 100) return ValueTask.FromResult(data);
        var kept = 0;
        for (var i = 0; i < data.Count; i++)
        {
            // a whole number from 1 to 100 at most the probability, as upstream draws it
            if (Random.Next(1, 101) <= probability) data[kept++] = data[i];
        }
        data.RemoveRange(kept, data.Count - kept);
        return ValueTask.FromResult(data);
    }
}

/// <summary>
/// <c>sample_exact</c>: keeps exactly <c>percent_kept</c> percent of each slice's records (rounded
/// down), chosen at random; the kept records come out shuffled, as upstream.
/// </summary>
public sealed class SampleExact : ProcessorDefinition<SampleExactConfig, SampleExactProcessor>
{
    public override string Name => "sample_exact";
    public override string Description => "Keeps an exact percentage of each slice's records, shuffled";
}

public sealed record SampleExactConfig : OpConfig
{
    /// <summary>0 to 100: the share of records kept.</summary>
    [Percent]
    public double PercentKept { get; init; } = 100;
}

public sealed class SampleExactProcessor : BatchProcessor<SampleExactConfig>
{
    /// <summary>The source of randomness; tests seed it.</summary>
    internal Random Random { get; set; } = Random.Shared;

    public override ValueTask<List<DataEntity>> OnBatchAsync(List<DataEntity> data, SliceContext slice, CancellationToken ct)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(data);
        Random.Shuffle(span);
        var keep = (int)Math.Floor(data.Count * (Config.PercentKept / 100));
        data.RemoveRange(keep, data.Count - keep);
        return ValueTask.FromResult(data);
    }
}
