using System.Net;
using System.Net.WebSockets;
using System.Text;

namespace LoadLab.Server.Tests.Endpoints;

public sealed class WebSocketEndpointTests
{
    [Fact]
    public async Task Request_without_upgrade_headers_is_a_400_naming_what_is_missing()
    {
        await using var server = await RunningServer.StartAsync();
        using var response = await server.Http.GetAsync("/ws?topic=t");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var reason = await response.Content.ReadAsStringAsync();
        Assert.Contains("header 'Upgrade: websocket' is missing", reason, StringComparison.Ordinal);
        Assert.Contains("header 'Connection: Upgrade' is missing", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Frames_a_client_sends_are_published_to_the_topic_and_echoed_back()
    {
        await using var server = await RunningServer.StartAsync();
        using var sender = await server.ConnectWebSocketAsync("/ws?topic=echo");
        using var listener = await server.ConnectWebSocketAsync("/ws?topic=echo");
        await ReferenceServerTests.WaitForSubscribersAsync(server, expected: 2);

        await sender.SendAsync(Encoding.UTF8.GetBytes("ping 1"), WebSocketMessageType.Text, true, CancellationToken.None);

        Assert.Equal("ping 1", await sender.ReceiveTextAsync());
        Assert.Equal("ping 1", await listener.ReceiveTextAsync());
    }

    [Fact]
    public async Task Subprotocol_loadlab_v1_frames_carry_ids_and_resume_with_since()
    {
        await using var server = await RunningServer.StartAsync();
        for (var i = 1; i <= 3; i++)
        {
            await server.PublishAsync("v1", $"m{i}");
        }

        using var socket = await server.ConnectWebSocketAsync("/ws?topic=v1&since=1", "loadlab.v1");
        Assert.Equal("loadlab.v1", socket.SubProtocol);
        await server.PublishAsync("v1", "m4");

        Assert.Equal("""{"id":2,"data":"m2"}""", await socket.ReceiveTextAsync());
        Assert.Equal("""{"id":3,"data":"m3"}""", await socket.ReceiveTextAsync());
        Assert.Equal("""{"id":4,"data":"m4"}""", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task Resume_outside_the_ring_sends_a_gap_frame_first()
    {
        await using var server = await RunningServer.StartAsync(("Push:ReplaySize", "1"));
        await server.PublishAsync("gap", "a");
        await server.PublishAsync("gap", "b");

        using var socket = await server.ConnectWebSocketAsync("/ws?topic=gap&since=0", "loadlab.v1");

        Assert.Equal("requested-after=0; next-available=2", socket.HttpResponseHeaders!["X-LoadLab-Resume-Gap"].Single());
        Assert.Equal("""{"gap":{"requestedAfterId":0,"nextAvailableId":2}}""", await socket.ReceiveTextAsync());
        Assert.Equal("""{"id":2,"data":"b"}""", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task Message_larger_than_the_limit_closes_with_1009()
    {
        await using var server = await RunningServer.StartAsync(("Server:MaxMessageSize", "8"));
        using var socket = await server.ConnectWebSocketAsync("/ws?topic=big");

        await socket.SendAsync(new byte[9], WebSocketMessageType.Binary, true, CancellationToken.None);

        Assert.Null(await socket.ReceiveTextAsync());
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, socket.CloseStatus);
        Assert.Equal(0, PrometheusText.Parse(await server.ScrapeMetricsAsync())["loadlab_push_messages_published_total"]);
    }

    [Fact]
    public async Task Message_in_fragments_up_to_the_limit_is_published_whole()
    {
        await using var server = await RunningServer.StartAsync(("Server:MaxMessageSize", "10000"));
        using var socket = await server.ConnectWebSocketAsync("/ws?topic=frag");
        var payload = new string('x', 10000);

        for (var offset = 0; offset < payload.Length; offset += 3000)
        {
            var part = Encoding.UTF8.GetBytes(payload[offset..Math.Min(payload.Length, offset + 3000)]);
            await socket.SendAsync(part, WebSocketMessageType.Text, offset + 3000 >= payload.Length, CancellationToken.None);
        }

        Assert.Equal(payload, await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task Slow_consumer_is_closed_with_1008_and_counted_under_the_disconnect_policy()
    {
        await using var server = await RunningServer.StartAsync(("Push:QueueSize", "1"), ("Push:Backpressure", "Disconnect"), ("Server:MaxMessageSize", "2000000"));
        using var socket = await server.ConnectWebSocketAsync("/ws?topic=slow");
        await ReferenceServerTests.WaitForSubscribersAsync(server, expected: 1);

        // 1 MB messages fill the socket buffers of a client that does not read, so the queue overflows.
        var big = new string('s', 1_000_000);
        for (var i = 0; i < 200 && PrometheusText.Parse(await server.ScrapeMetricsAsync())["loadlab_push_slow_consumers_disconnected_total{transport=\"ws\"}"] == 0; i++)
        {
            using var publish = await server.Http.PostAsync("/publish?topic=slow", new StringContent(big));
            publish.EnsureSuccessStatusCode();
        }

        Assert.Equal(1, PrometheusText.Parse(await server.ScrapeMetricsAsync())["loadlab_push_slow_consumers_disconnected_total{transport=\"ws\"}"]);
        while (await socket.ReceiveTextAsync() is not null)
        {
        }

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
    }

    [Fact]
    public async Task Slow_consumer_that_never_reads_is_cut_off_after_the_close_timeout()
    {
        await using var server = await RunningServer.StartAsync(
            ("Push:QueueSize", "1"), ("Server:MaxMessageSize", "2000000"), ("Server:CloseTimeout", "00:00:00.200"));
        using var socket = await server.ConnectWebSocketAsync("/ws?topic=stuck");
        await ReferenceServerTests.WaitForSubscribersAsync(server, expected: 1);

        var big = new string('s', 1_000_000);
        for (var i = 0; i < 200 && PrometheusText.Parse(await server.ScrapeMetricsAsync())["loadlab_push_slow_consumers_disconnected_total{transport=\"ws\"}"] == 0; i++)
        {
            using var publish = await server.Http.PostAsync("/publish?topic=stuck", new StringContent(big));
            publish.EnsureSuccessStatusCode();
        }

        // The server's write is stuck behind a client that never reads; the deadline must free the connection.
        using var timeout = new CancellationTokenSource(RunningServer.Patience);
        while (PrometheusText.Parse(await server.ScrapeMetricsAsync())["loadlab_connections_active"] > 0)
        {
            await Task.Delay(20, timeout.Token);
        }

        Assert.Equal(0, PrometheusText.Parse(await server.ScrapeMetricsAsync())["loadlab_push_subscribers{transport=\"ws\"}"]);
    }
}
