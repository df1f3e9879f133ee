using Teraslice.Akka.Master.Cluster;
using Xunit;

namespace Teraslice.Akka.Master.Tests.Cluster;

public sealed class SchedulerSpecs
{
    [Fact]
    public void Workers_should_spread_over_every_node_with_free_slots()
    {
        var placement = Scheduler.Place([new("a", 4), new("b", 4), new("c", 4)], 4);
        Assert.Equal(3, placement.Count);
        Assert.Equal(4, placement.Values.Sum());
        Assert.All(placement.Values, n => Assert.InRange(n, 1, 2));
    }

    [Fact]
    public void The_most_free_node_should_be_filled_first()
    {
        var placement = Scheduler.Place([new("a", 1), new("b", 5)], 2);
        Assert.Equal(1, placement["a"]);
        Assert.Equal(1, placement["b"]);
        Assert.Equal(new Dictionary<string, int> { ["b"] = 1 }, Scheduler.Place([new("a", 1), new("b", 5)], 1));
    }

    [Fact]
    public void No_node_should_get_more_than_its_free_slots()
    {
        var placement = Scheduler.Place([new("a", 1), new("b", 2), new("c", 0)], 10);
        Assert.Equal(1, placement["a"]);
        Assert.Equal(2, placement["b"]);
        Assert.False(placement.ContainsKey("c"));
    }

    [Fact]
    public void Nothing_should_be_placed_without_capacity_or_demand()
    {
        Assert.Empty(Scheduler.Place([], 3));
        Assert.Empty(Scheduler.Place([new("a", 3)], 0));
    }
}
