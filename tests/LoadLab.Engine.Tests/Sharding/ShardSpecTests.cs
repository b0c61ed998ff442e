using LoadLab.Engine.Sharding;

namespace LoadLab.Engine.Tests.Sharding;

public sealed class ShardSpecTests
{
    [Fact]
    public void Shares_of_any_total_add_up_to_it_and_differ_by_at_most_one()
    {
        for (var count = 1; count <= 7; count++)
        {
            for (var total = 0; total <= 60; total++)
            {
                var shares = Enumerable.Range(1, count).Select(index => new ShardSpec(index, count).ShareOf(total)).ToList();
                Assert.Equal(total, shares.Sum());
                Assert.True(shares.Max() - shares.Min() <= 1, $"{total} over {count}: {string.Join(",", shares)}");
            }
        }
    }

    [Fact]
    public void Connection_k_belongs_to_shard_k_mod_n_plus_1_and_the_union_is_the_whole()
    {
        const int total = 23;
        var owned = new List<int>();
        for (var index = 1; index <= 4; index++)
        {
            var shard = new ShardSpec(index, 4);
            var mine = Enumerable.Range(0, shard.ShareOf(total)).Select(shard.GlobalIndex).ToList();
            Assert.All(mine, k => Assert.Equal(index, (k % 4) + 1));
            owned.AddRange(mine);
        }

        Assert.Equal(Enumerable.Range(0, total), owned.Order());
    }

    [Fact]
    public void The_whole_is_one_shard_holding_every_connection()
    {
        Assert.Equal(17, ShardSpec.Whole.ShareOf(17));
        Assert.Equal(5, ShardSpec.Whole.GlobalIndex(5));
    }

    [Theory]
    [InlineData("2/3", 2, 3)]
    [InlineData("1/1", 1, 1)]
    public void Parses_i_of_n(string text, int index, int count)
    {
        Assert.True(ShardSpec.TryParse(text, out var shard, out _));
        Assert.Equal((index, count), (shard!.Index, shard.Count));
        Assert.Equal(text, shard.ToString());
    }

    [Theory]
    [InlineData("0/2", "1 <= i <= n")]
    [InlineData("3/2", "1 <= i <= n")]
    [InlineData("1/0", "1 <= i <= n")]
    [InlineData("1-2", "write i/n")]
    [InlineData("a/b", "write i/n")]
    [InlineData("-1/2", "write i/n")]
    public void Refuses_what_is_not_a_shard(string text, string reason)
    {
        Assert.False(ShardSpec.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Contains(text, error, StringComparison.Ordinal);
    }
}
