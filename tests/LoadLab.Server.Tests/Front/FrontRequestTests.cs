using System.Text;
using LoadLab.PushCore;
using LoadLab.Server.Front;

namespace LoadLab.Server.Tests.Front;

public sealed class FrontRequestTests
{
    private const string Handshake =
        "GET /ws?topic=news&since=41 HTTP/1.1\r\nHost: 127.0.0.1:5080\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: chat, loadlab.v1\r\n"
        + "Origin: http://127.0.0.1:5080\r\nAuthorization: Bearer secret\r\n\r\n";

    [Fact]
    public void A_websocket_handshake_is_read_whole()
    {
        var bytes = Encoding.ASCII.GetBytes(Handshake + "\x81\x05early");

        Assert.Equal(FrontParse.Request, FrontRequest.TryParse(bytes, out var request));

        Assert.Equal(
            new FrontRequest(Transport.WebSocket, Handshake.Length, "127.0.0.1:5080", "news", "41", "since", null, "http://127.0.0.1:5080", "Bearer secret", "dGhlIHNhbXBsZSBub25jZQ==", WantsEnvelope: true),
            request);
    }

    [Fact]
    public void An_sse_request_resumes_from_the_header_before_the_query_and_decodes_the_query()
    {
        var withHeader = "GET /sse?Topic=a%2Fb&lastEventId=3 HTTP/1.1\r\nhost: h\r\nlast-event-id: 7\r\nX-LoadLab-Instance: abc\r\n\r\n";
        var withQuery = "GET /sse?topic=a+b&lastEventId=3&instance=def HTTP/1.1\r\nHost: h\r\n\r\n";

        Assert.Equal(FrontParse.Request, FrontRequest.TryParse(Encoding.ASCII.GetBytes(withHeader), out var header));
        Assert.Equal(FrontParse.Request, FrontRequest.TryParse(Encoding.ASCII.GetBytes(withQuery), out var query));

        Assert.Equal(("a/b", "7", "Last-Event-ID", "abc"), (header!.Topic, header.ResumeId, header.ResumeIdName, header.Instance));
        Assert.Equal(("a b", "3", "lastEventId", "def"), (query!.Topic, query.ResumeId, query.ResumeIdName, query.Instance));
    }

    [Theory]
    [InlineData("POST /sse?topic=a HTTP/1.1\r\nHost: h\r\n\r\n")]
    [InlineData("GET /sse?topic=a HTTP/1.0\r\nHost: h\r\n\r\n")]
    [InlineData("GET /poll?topic=a HTTP/1.1\r\nHost: h\r\n\r\n")]
    [InlineData("GET /SSE?topic=a HTTP/1.1\r\nHost: h\r\n\r\n")]
    [InlineData("GET /sse?topic=a HTTP/1.1\r\n\r\n")]
    [InlineData("GET /sse?topic=a&topic=b HTTP/1.1\r\nHost: h\r\n\r\n")]
    [InlineData("GET /sse?topic=a HTTP/1.1\r\nHost: h\r\nHost: i\r\n\r\n")]
    [InlineData("GET /sse?topic=a HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc")]
    [InlineData("GET /sse?topic=a HTTP/1.1\r\nHost: h\r\nX-A: b\r\n c\r\n\r\n")]
    [InlineData("GET /sse?topic=a HTTP/1.1\r\nHost : h\r\n\r\n")]
    [InlineData("GET /sse?topic=\u00e9 HTTP/1.1\r\nHost: h\r\n\r\n")]
    [InlineData("GET /ws?topic=a HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n")]
    [InlineData("GET /ws?topic=a HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")]
    [InlineData("GET /ws?topic=a HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n")]
    [InlineData("GET /ws?topic=a HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: short\r\nSec-WebSocket-Version: 13\r\n\r\n")]
    [InlineData("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n")]
    public void Anything_but_a_plain_push_request_is_left_to_Kestrel(string head)
    {
        Assert.Equal(FrontParse.NotFront, FrontRequest.TryParse(Encoding.Latin1.GetBytes(head), out var request));
        Assert.Null(request);
    }

    [Theory]
    [InlineData("GET /ws")]
    [InlineData("GET /ws?topic=a HTTP/1.1\r\nHost: h\r\n")]
    [InlineData("GET /s")]
    [InlineData("G")]
    public void A_head_still_arriving_is_waited_for_only_when_it_may_be_a_push_request(string start)
    {
        Assert.Equal(FrontParse.Incomplete, FrontRequest.TryParse(Encoding.ASCII.GetBytes(start), out _));
        Assert.Equal(FrontParse.NotFront, FrontRequest.TryParse("GET /publish"u8, out _));
        Assert.Equal(FrontParse.NotFront, FrontRequest.TryParse("POST"u8, out _));
    }
}
