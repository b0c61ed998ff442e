using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;

namespace LoadLab.PushCore.Tests;

public sealed class PushMessageEncoderTests
{
    [Theory]
    [InlineData("hello", "id: 7\ndata: hello\n\n")]
    [InlineData("", "id: 7\ndata: \n\n")]
    [InlineData("a\nb", "id: 7\ndata: a\ndata: b\n\n")]
    [InlineData("a\r\nb\rc", "id: 7\ndata: a\ndata: b\ndata: c\n\n")]
    [InlineData("end\n", "id: 7\ndata: end\ndata: \n\n")]
    public void Sse_event_has_the_id_and_one_data_line_per_payload_line(string payload, string expected)
    {
        Assert.Equal(expected, Encoding.UTF8.GetString(PushMessageEncoder.EncodeSseEvent(7, Encoding.UTF8.GetBytes(payload))));
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("")]
    [InlineData("two\nlines")]
    [InlineData("crlf\r\nand cr\rmixed")]
    [InlineData("{\"json\":true, \"emoji\":\"\U0001F600\"}")]
    public async Task Sse_event_round_trips_through_the_framework_parser(string payload)
    {
        var bytes = PushMessageEncoder.EncodeSseEvent(42, Encoding.UTF8.GetBytes(payload));

        var items = new List<SseItem<string>>();
        await foreach (var item in SseParser.Create(new MemoryStream(bytes)).EnumerateAsync())
        {
            items.Add(item);
        }

        var only = Assert.Single(items);
        Assert.Equal("42", only.EventId);
        // The event-stream format joins data lines with LF, whatever line breaks the payload had.
        Assert.Equal(payload.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n'), only.Data);
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("quote \" backslash \\ <script>")]
    [InlineData("line\nbreak")]
    public void Json_envelope_parses_back_to_the_id_and_payload(string payload)
    {
        var bytes = PushMessageEncoder.EncodeJsonEnvelope(3, Encoding.UTF8.GetBytes(payload), payloadIsUtf8: true);

        using var json = JsonDocument.Parse(bytes);
        Assert.Equal(3, json.RootElement.GetProperty("id").GetInt64());
        Assert.Equal(payload, json.RootElement.GetProperty("data").GetString());
    }

    [Fact]
    public void Payload_that_is_not_utf8_is_flagged_and_still_makes_valid_json()
    {
        using var hub = new PushHub(new PushHubOptions());
        var message = hub.Publish("t", [0x61, 0xFF, 0x62]);

        Assert.False(message.IsUtf8);
        using var json = JsonDocument.Parse(message.JsonEnvelope);
        Assert.Equal("a\uFFFDb", json.RootElement.GetProperty("data").GetString());
        Assert.Equal(new byte[] { 0x61, 0xFF, 0x62 }, message.Payload.ToArray());
    }

    [Fact]
    public void Published_message_carries_all_encodings()
    {
        using var hub = new PushHub(new PushHubOptions());
        var message = hub.Publish("news", Encoding.UTF8.GetBytes("hi"));

        Assert.Equal("news", message.Topic);
        Assert.True(message.IsUtf8);
        Assert.Equal("hi", Encoding.UTF8.GetString(message.Payload.Span));
        Assert.Equal("id: 1\ndata: hi\n\n", Encoding.UTF8.GetString(message.SseEvent.Span));
        Assert.Equal("""{"id":1,"data":"hi"}""", Encoding.UTF8.GetString(message.JsonEnvelope.Span));
    }
}
