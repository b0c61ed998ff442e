using LoadLab.Engine.Running;
using LoadLab.Engine.Scenarios;

namespace LoadLab.Engine.Tests.Running;

public sealed class LoadProfileTests
{
    private static readonly LoadProfile Quick = new([
        new LoadStage(300, TimeSpan.FromSeconds(3)),
        new LoadStage(300, TimeSpan.FromSeconds(14)),
        new LoadStage(0, TimeSpan.FromSeconds(2)),
    ]);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1.5, 150)]
    [InlineData(3, 300)]
    [InlineData(10, 300)]
    [InlineData(18, 150)]
    [InlineData(19, 0)]
    [InlineData(60, 0)]
    public void Connections_follow_ramps_and_holds_linearly(double seconds, int expected)
    {
        Assert.Equal(expected, Quick.ConnectionsAt(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Profile_knows_its_length_peak_and_ramp_down()
    {
        Assert.Equal(TimeSpan.FromSeconds(19), Quick.Duration);
        Assert.Equal(300, Quick.PeakConnections);
        Assert.Equal(TimeSpan.FromSeconds(3), Quick.PeakReachedAt);
        Assert.Equal(TimeSpan.FromSeconds(17), Quick.RampDownStart);
    }

    [Fact]
    public void Publishing_stops_a_drain_before_the_ramp_down()
    {
        Assert.Equal(TimeSpan.FromSeconds(15), Quick.PublishEnd(TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void Without_ramp_down_publishing_lasts_the_whole_profile()
    {
        var hold = new LoadProfile([new LoadStage(10, TimeSpan.FromSeconds(1)), new LoadStage(10, TimeSpan.FromSeconds(5))]);
        Assert.Equal(TimeSpan.FromSeconds(6), hold.PublishEnd(TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void Stage_index_follows_time()
    {
        Assert.Equal(0, Quick.StageAt(TimeSpan.FromSeconds(1)));
        Assert.Equal(1, Quick.StageAt(TimeSpan.FromSeconds(3)));
        Assert.Equal(2, Quick.StageAt(TimeSpan.FromSeconds(18)));
        Assert.Equal(2, Quick.StageAt(TimeSpan.FromSeconds(99)));
    }
}
