using System.Net;
using System.Net.WebSockets;

namespace LoadLab.Server.Tests;

/// <summary>Requests written to break the server: each gets a 4xx with a reason, and nothing is published or held.</summary>
public sealed class HostileInputTests
{
    public static TheoryData<string> BadTopics => new()
    {
        "",
        new string('t', 129),
        "a b",
        "<script>",
        "news%00x",
        "ünïcode",
        "../../etc/passwd?",
    };

    [Theory]
    [MemberData(nameof(BadTopics))]
    public async Task A_bad_topic_name_is_a_400_with_the_reason_on_every_endpoint_and_nothing_is_published(string topic)
    {
        await using var server = await RunningServer.StartAsync();
        var query = "topic=" + Uri.EscapeDataString(topic);

        using var publish = await server.Http.PostAsync($"/publish?{query}", new StringContent("x"));
        using var sse = await server.Http.GetAsync($"/sse?{query}");
        using var poll = await server.Http.GetAsync($"/poll?{query}");
        var ws = await Assert.ThrowsAsync<WebSocketException>(() => server.ConnectWebSocketAsync($"/ws?{query}"));

        foreach (var response in (HttpResponseMessage[])[publish, sse, poll])
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("topic", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Contains("400", ws.Message, StringComparison.Ordinal);
        Assert.Equal(0, PrometheusText.Parse(await server.ScrapeMetricsAsync())["loadlab_push_messages_published_total"]);
    }

    [Theory]
    [InlineData("/sse?topic=t&lastEventId=-1")]
    [InlineData("/sse?topic=t&lastEventId=99999999999999999999999")]
    [InlineData("/sse?topic=t&lastEventId=1e3")]
    [InlineData("/poll?topic=t&after=abc")]
    public async Task A_malformed_resume_id_is_a_400_naming_it(string pathAndQuery)
    {
        await using var server = await RunningServer.StartAsync();

        using var response = await server.Http.GetAsync(pathAndQuery);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("must be a non-negative integer message id", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_with_the_wrong_method_is_405_and_a_binary_body_is_published_as_sent()
    {
        await using var server = await RunningServer.StartAsync();

        using var get = await server.Http.GetAsync("/publish?topic=t");
        using var binary = await server.Http.PostAsync("/publish?topic=t", new ByteArrayContent([0xFF, 0x00, 0xC3, 0x28]));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, binary.StatusCode);
    }

    [Fact]
    public async Task A_WebSocket_frame_declaring_an_absurd_length_is_refused_with_1009_before_the_server_buffers_anything()
    {
        await using var server = await RunningServer.StartAsync();
        using var socket = await Endpoints.WebSockets.RawWebSocket.ConnectAsync(server.Address, "/ws?topic=t");

        // A header that announces 2^62 bytes and then nothing: a server that trusted it would wait or allocate.
        byte[] header = [0x82, 0xFF, 0x40, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4];
        await socket.SendAsync(header);

        Assert.Equal(1009, await socket.ReceiveCloseAsync());
        Assert.True(PrometheusText.Parse(await server.ScrapeMetricsAsync())["process_resident_memory_bytes"] < 1_000_000_000);
    }

    [Fact]
    public async Task A_text_frame_of_invalid_UTF8_in_fragments_is_refused_with_1007()
    {
        await using var server = await RunningServer.StartAsync();
        using var socket = await Endpoints.WebSockets.RawWebSocket.ConnectAsync(server.Address, "/ws?topic=t");

        await socket.SendAsync([.. Endpoints.WebSockets.ClientFrames.Masked(0x1, "ok "u8, final: false), .. Endpoints.WebSockets.ClientFrames.Masked(0x0, [0xED, 0xA0, 0x80])]);

        Assert.Equal(1007, await socket.ReceiveCloseAsync());
    }
}
