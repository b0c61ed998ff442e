using LoadLab.Engine.Sharding;

namespace LoadLab.Engine.Tests.Sharding;

public sealed class PublishShareTests
{
    private static List<PublishShare> Shares(int count, PublishSharing sharing) =>
        [.. Enumerable.Range(1, count).Select(index => new PublishShare(new ShardSpec(index, count), sharing))];

    [Fact]
    public void By_default_only_shard_1_publishes_every_message()
    {
        var shares = Shares(3, PublishSharing.First);

        Assert.All(Enumerable.Range(0, 100), message => Assert.Equal([true, false, false], shares.Select(share => share.Sends(message))));
        Assert.Equal([true, false, false], shares.Select(share => share.SendsAny));
        Assert.All(shares, share => Assert.True(share.SharesTopics));
    }

    [Fact]
    public void Split_deals_every_message_to_exactly_one_shard_in_turn_dividing_the_rate()
    {
        var shares = Shares(3, PublishSharing.Split);

        for (var message = 0L; message < 300; message++)
        {
            var senders = shares.Where(share => share.Sends(message)).ToList();
            var sender = Assert.Single(senders);
            Assert.Equal((message % 3) + 1, sender.Shard.Index);
        }

        Assert.All(shares, share => Assert.Equal(100, Enumerable.Range(0, 300).Count(message => share.Sends(message))));
        Assert.All(shares, share => Assert.True(share.SharesTopics));
    }

    [Fact]
    public void All_has_every_shard_publish_everything_to_topics_of_its_own()
    {
        var shares = Shares(2, PublishSharing.All);

        Assert.All(shares, share => Assert.True(Enumerable.Range(0, 50).All(message => share.Sends(message))));
        Assert.All(shares, share => Assert.False(share.SharesTopics));
    }

    [Fact]
    public void Shards_of_one_run_share_topics_unless_each_publishes_its_own()
    {
        ShardRun Run(int index, PublishSharing sharing) => new() { Shard = new ShardSpec(index, 2), Publishing = sharing, RunId = "20261125-120000-sharded", StartAt = DateTimeOffset.UnixEpoch };

        Assert.Equal(Run(1, PublishSharing.First).TopicPrefix, Run(2, PublishSharing.First).TopicPrefix);
        Assert.NotEqual(Run(1, PublishSharing.All).TopicPrefix, Run(2, PublishSharing.All).TopicPrefix);
        Assert.NotEqual(Run(1, PublishSharing.First).TopicPrefix, (Run(1, PublishSharing.First) with { RunId = "other" }).TopicPrefix);
    }
}
