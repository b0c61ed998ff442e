using LoadLab.Engine.Measurement;

namespace LoadLab.Engine.Tests.Measurement;

public sealed class SequenceTrackerTests
{
    [Fact]
    public void In_order_delivery_counts_everything_received_and_nothing_lost()
    {
        var tracker = new SequenceTracker();
        tracker.StartAt(1);
        for (var sequence = 1; sequence <= 100; sequence++)
        {
            tracker.Record(sequence);
        }

        Assert.Equal(100, tracker.Expected(1, 100));
        Assert.Equal(100, tracker.ReceivedWithin(1, 100));
        Assert.Equal((0L, 0L), (tracker.Duplicated, tracker.OutOfOrder));
    }

    [Fact]
    public void Missing_sequences_are_lost_duplicates_and_reordering_are_counted_apart()
    {
        var tracker = new SequenceTracker();
        tracker.StartAt(1);
        foreach (var sequence in new long[] { 1, 2, 4, 3, 3, 6, 8 })
        {
            tracker.Record(sequence);
        }

        Assert.Equal(10, tracker.Expected(1, 10));
        Assert.Equal(6, tracker.ReceivedWithin(1, 10));
        Assert.Equal(1, tracker.Duplicated);
        Assert.Equal(1, tracker.OutOfOrder);
    }

    [Fact]
    public void Sequences_before_the_start_are_not_owed_and_not_counted()
    {
        var tracker = new SequenceTracker();
        tracker.StartAt(50);

        Assert.False(tracker.Record(49));
        Assert.True(tracker.Record(50));
        Assert.Equal(1, tracker.Expected(1, 50));
        Assert.Equal(1, tracker.ReceivedWithin(1, 50));
    }

    [Fact]
    public void Without_a_known_start_counting_begins_at_the_first_received()
    {
        var tracker = new SequenceTracker();
        tracker.Record(7);
        tracker.Record(9);

        Assert.Equal(7, tracker.Start);
        Assert.Equal(3, tracker.Expected(1, 9));
        Assert.Equal(2, tracker.ReceivedWithin(1, 9));
    }

    [Fact]
    public void Warm_up_window_moves_the_start_of_what_is_owed()
    {
        var tracker = new SequenceTracker();
        tracker.StartAt(1);
        for (var sequence = 1; sequence <= 200; sequence++)
        {
            tracker.Record(sequence);
        }

        Assert.Equal(101, tracker.Expected(100, 200));
        Assert.Equal(101, tracker.ReceivedWithin(100, 200));
    }

    [Fact]
    public void Sequences_beyond_the_schedule_are_still_counted()
    {
        var tracker = new SequenceTracker(lastScheduled: 100);
        tracker.StartAt(1);
        for (var sequence = 1; sequence <= 1000; sequence++)
        {
            tracker.Record(sequence);
        }

        tracker.Record(1000);

        Assert.Equal(1000, tracker.ReceivedWithin(1, 1000));
        Assert.Equal(1, tracker.Duplicated);
    }

    [Fact]
    public void A_subscriber_that_never_connected_is_owed_nothing()
    {
        Assert.Equal(0, new SequenceTracker().Expected(1, 1000));
    }
}
