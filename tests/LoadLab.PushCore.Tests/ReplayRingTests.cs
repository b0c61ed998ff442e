namespace LoadLab.PushCore.Tests;

public sealed class ReplayRingTests
{
    [Fact]
    public void Ring_keeps_the_newest_messages_in_order_after_wrapping()
    {
        using var hub = new PushHub(new PushHubOptions { ReplaySize = 0 });
        var ring = new ReplayRing(3);
        for (var id = 1; id <= 7; id++)
        {
            ring.Add(Message(hub, id));
        }

        var held = new List<PushMessage>();
        Assert.Null(ring.CopyAfter(4, lastId: 7, held));
        Assert.Equal([5L, 6, 7], held.Select(m => m.Id));
        Assert.Equal(3, ring.Count);
    }

    [Theory]
    [InlineData(5, new long[] { 6, 7 })]
    [InlineData(6, new long[] { 7 })]
    [InlineData(7, new long[0])]
    public void Copy_after_an_id_inside_the_ring_is_complete(long afterId, long[] expected)
    {
        using var hub = new PushHub(new PushHubOptions { ReplaySize = 0 });
        var ring = new ReplayRing(3);
        for (var id = 1; id <= 7; id++)
        {
            ring.Add(Message(hub, id));
        }

        var held = new List<PushMessage>();
        Assert.Null(ring.CopyAfter(afterId, lastId: 7, held));
        Assert.Equal(expected, held.Select(m => m.Id));
    }

    [Fact]
    public void Copy_after_an_id_before_the_ring_returns_the_gap()
    {
        using var hub = new PushHub(new PushHubOptions { ReplaySize = 0 });
        var ring = new ReplayRing(2);
        for (var id = 1; id <= 5; id++)
        {
            ring.Add(Message(hub, id));
        }

        var held = new List<PushMessage>();
        Assert.Equal(new ResumeGap(1, 4), ring.CopyAfter(1, lastId: 5, held));
        Assert.Equal([4L, 5], held.Select(m => m.Id));
    }

    // Messages of consecutive ids, made by a hub without subscribers (the ring is internal to a topic).
    private static PushMessage Message(PushHub hub, long id)
    {
        var message = hub.Publish("ring", []);
        Assert.Equal(id, message.Id);
        return message;
    }
}
