using LoadLab.Engine.Clients;
using LoadLab.Engine.Publishing;
using LoadLab.Engine.Running;
using LoadLab.Results;

namespace LoadLab.Engine.Tests.Running;

public sealed class MessageAccountingTests
{
    [Fact]
    public void A_failed_publish_is_owed_to_no_one_and_what_the_server_accepted_but_never_delivered_is_lost()
    {
        var topic = new PublishTopic("t", new Uri("http://127.0.0.1/publish?topic=t"), lastScheduled: 10) { FirstMeasured = 1 };
        for (var sequence = 1L; sequence <= 10; sequence++)
        {
            topic.Sent(sequence);
        }

        // The server was down for 4 and 5; it had taken 5 before it died, and one client got it anyway.
        topic.Failed(4);
        topic.Failed(5);
        var got = new ClientSubscription(topic, new Uri("http://127.0.0.1/sse?topic=t"));
        var missed = new ClientSubscription(topic, new Uri("http://127.0.0.1/sse?topic=t"));
        got.Tracker.StartAt(1);
        missed.Tracker.StartAt(1);
        foreach (var sequence in new long[] { 1, 2, 3, 5, 6, 7, 8, 10 })
        {
            got.Tracker.Record(sequence);
        }

        foreach (var sequence in new long[] { 1, 2, 3, 6, 7, 8, 9, 10, 10 })
        {
            missed.Tracker.Record(sequence);
        }

        var counted = MessageAccounting.Count([got, missed], _ => true);

        // Owed: 8 each (10 sent, 2 not published); lost: 9 by the first, nothing by the second, which got 10 twice.
        Assert.Equal(new MessageStats(Published: 8, Expected: 16, Delivered: 15, Lost: 1, Duplicated: 1, OutOfOrder: 0, NotPublished: 2), counted);
        Assert.Equal(1, MessageAccounting.Count([got, missed], subscription => subscription == got).Lost);
    }
}
