using System.Text;
using LoadLab.Engine.Diagnosis;

namespace LoadLab.Engine.Tests.Diagnosis;

public sealed class SseEventReaderTests
{
    [Fact]
    public void Events_comments_and_ids_are_read_as_they_arrive_across_reads()
    {
        var reader = new SseEventReader();

        reader.Append("retry: 1000\n\n: heartbeat\n\nid: 7\r\ndata: first\r\ndata: second\r\n"u8, TimeSpan.FromMilliseconds(10));
        reader.Append("\r\nda"u8, TimeSpan.FromMilliseconds(20));
        reader.Append(Encoding.UTF8.GetBytes("ta:no-space\n\n"), TimeSpan.FromMilliseconds(30));

        Assert.Equal(1, reader.Comments);
        Assert.Equal(
            [new ReceivedMessage(TimeSpan.FromMilliseconds(20), "7", "first\nsecond"), new ReceivedMessage(TimeSpan.FromMilliseconds(30), null, "no-space")],
            reader.Events);
    }
}
