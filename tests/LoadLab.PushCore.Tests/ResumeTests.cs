namespace LoadLab.PushCore.Tests;

public sealed class ResumeTests
{
    [Fact]
    public void Resume_replays_the_messages_after_the_id_then_live_ones_follow_with_no_gap_or_duplicate()
    {
        using var hub = new PushHub(new PushHubOptions { ReplaySize = 10 });
        for (var i = 0; i < 5; i++)
        {
            hub.Publish("t", []);
        }

        using var subscription = hub.Subscribe("t", Transport.Sse, resumeAfterId: 2);
        hub.Publish("t", []);
        hub.Publish("t", []);

        Assert.Null(subscription.Gap);
        var ids = subscription.Replay.Concat(Drain.Queued(subscription.Subscriber)).Select(m => m.Id);
        Assert.Equal([3L, 4, 5, 6, 7], ids);
    }

    [Fact]
    public void Resume_at_the_newest_id_replays_nothing()
    {
        using var hub = new PushHub(new PushHubOptions());
        hub.Publish("t", []);
        using var subscription = hub.Subscribe("t", Transport.Sse, resumeAfterId: 1);
        Assert.Empty(subscription.Replay);
        Assert.Null(subscription.Gap);
    }

    [Fact]
    public void Resume_after_id_outside_ring_reports_gap_and_replays_what_is_held()
    {
        using var hub = new PushHub(new PushHubOptions { ReplaySize = 3 });
        for (var i = 0; i < 10; i++)
        {
            hub.Publish("t", []);
        }

        using var subscription = hub.Subscribe("t", Transport.Sse, resumeAfterId: 4);

        Assert.Equal(new ResumeGap(4, 8), subscription.Gap);
        Assert.Equal(3, subscription.Gap!.MissedCount);
        Assert.Equal([8L, 9, 10], subscription.Replay.Select(m => m.Id));
        Assert.Equal(1, hub.GetMetrics().ResumeGaps);
    }

    [Fact]
    public void Resume_after_id_newer_than_the_topic_reports_a_restart()
    {
        using var hub = new PushHub(new PushHubOptions());
        hub.Publish("t", []);
        hub.Publish("t", []);

        using var subscription = hub.Subscribe("t", Transport.Sse, resumeAfterId: 500);

        Assert.Equal(new ResumeGap(500, 1), subscription.Gap);
        Assert.Null(subscription.Gap!.MissedCount);
        Assert.Equal([1L, 2], subscription.Replay.Select(m => m.Id));
    }

    [Fact]
    public void With_replay_disabled_any_resume_behind_the_newest_id_is_a_gap()
    {
        using var hub = new PushHub(new PushHubOptions { ReplaySize = 0 });
        hub.Publish("t", []);
        hub.Publish("t", []);

        using var behind = hub.Subscribe("t", Transport.Sse, resumeAfterId: 1);
        using var current = hub.Subscribe("t", Transport.Sse, resumeAfterId: 2);

        Assert.Equal(new ResumeGap(1, 3), behind.Gap);
        Assert.Empty(behind.Replay);
        Assert.Null(current.Gap);
    }

    [Fact]
    public void Resume_on_a_new_topic_from_zero_is_complete()
    {
        using var hub = new PushHub(new PushHubOptions());
        using var subscription = hub.Subscribe("fresh", Transport.LongPoll, resumeAfterId: 0);
        Assert.Null(subscription.Gap);
        Assert.Empty(subscription.Replay);
    }
}
