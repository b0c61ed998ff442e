using System.Text;
using LoadLab.Engine.Clients;

namespace LoadLab.Engine.Tests.Clients;

public sealed class SseEventParserTests
{
    private sealed class Events : ISseEventSink
    {
        public List<(string Type, string Data)> Seen { get; } = [];

        public void OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data) => Seen.Add((Encoding.UTF8.GetString(eventType), Encoding.UTF8.GetString(data)));
    }

    [Fact]
    public void Whole_events_are_dispatched_with_their_type_data_and_id_as_an_EventSource_would()
    {
        var events = new Events();
        var parser = new SseEventParser();
        var stream = "retry: 1500\n\n: heartbeat\n\nid: 7\ndata: a\n\nevent: gap\ndata: from 3\r\n\r\ndata: one\rdata:two\r\rid: 9\ndata: cut";

        var consumed = parser.Parse(Encoding.UTF8.GetBytes(stream), events);

        Assert.Equal([("message", "a"), ("gap", "from 3"), ("message", "one\ntwo")], events.Seen);
        Assert.Equal(stream.Length - "id: 9\ndata: cut".Length, consumed);
        // The id of the event cut short is not taken: a resume asks for what followed the last whole event.
        Assert.Equal("7", parser.LastEventId);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), parser.Retry);
    }

    [Fact]
    public void A_stream_fed_in_pieces_split_anywhere_gives_the_same_events()
    {
        var stream = Encoding.UTF8.GetBytes("id: 1\ndata: first\n\nid: 2\r\ndata: second\r\n\r\nid: 3\rdata: x\rdata: y\r\rdata: end\n\n");
        for (var split = 0; split <= stream.Length; split++)
        {
            var events = new Events();
            var parser = new SseEventParser();

            var consumed = parser.Parse(stream.AsSpan(0, split), events);
            var rest = stream.AsSpan(consumed).ToArray();
            Assert.Equal(rest.Length, parser.Parse(rest, events));

            Assert.Equal([("message", "first"), ("message", "second"), ("message", "x\ny"), ("message", "end")], events.Seen);
            Assert.Equal("3", parser.LastEventId);
        }
    }

    [Fact]
    public void De_chunking_and_parsing_a_read_of_events_allocates_nothing()
    {
        var body = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(1, 100).Select(i => $"id: {i}\ndata: {new string('x', 120)}\n\n")));
        byte[] read = [.. Encoding.ASCII.GetBytes($"{body.Length:x}\r\n"), .. body, .. "\r\n"u8];
        var decoded = new byte[read.Length];
        var parser = new SseEventParser();
        var sink = new CountingSink();
        void ReadOnce() => parser.Parse(decoded.AsSpan(0, new ChunkedDecoder().Decode(read, decoded)), sink);
        ReadOnce();

        // A decoder per read here (a connection makes one per response): besides it nothing is allocated, per read or per event.
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            ReadOnce();
        }

        var perRead = (GC.GetAllocatedBytesForCurrentThread() - before) / 1_000.0;
        Assert.Equal(1_001 * 100, sink.Count);
        Assert.True(perRead <= 64, $"{perRead} bytes per read of 100 events");
    }

    private sealed class CountingSink : ISseEventSink
    {
        public int Count { get; private set; }

        public void OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data) => Count++;
    }

    [Fact]
    public void An_event_without_data_moves_the_last_id_but_is_not_dispatched_and_an_id_with_NUL_is_ignored()
    {
        var events = new Events();
        var parser = new SseEventParser();

        parser.Parse("id: 4\n\nid: 5\0x\ndata: d\n\n"u8, events);

        Assert.Equal([("message", "d")], events.Seen);
        Assert.Equal("4", parser.LastEventId);
        Assert.Null(new SseEventParser().LastEventId);
    }
}
