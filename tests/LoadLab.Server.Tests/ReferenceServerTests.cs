using System.Net.WebSockets;

namespace LoadLab.Server.Tests;

public sealed class ReferenceServerTests
{
    [Fact]
    public async Task Published_messages_reach_websocket_sse_and_long_poll_clients_in_order()
    {
        await using var server = await RunningServer.StartAsync();
        using var webSocket = await server.ConnectWebSocketAsync("/ws?topic=all");
        await using var sse = await server.OpenSseAsync("/sse?topic=all");
        var poll = server.Http.GetStringAsync("/poll?topic=all");
        await WaitForSubscribersAsync(server, expected: 3);

        Assert.Equal(1, await server.PublishAsync("all", "first"));
        Assert.Equal(2, await server.PublishAsync("all", "second"));

        Assert.Equal("first", await webSocket.ReceiveTextAsync());
        Assert.Equal("second", await webSocket.ReceiveTextAsync());

        var first = await sse.NextAsync();
        var second = await sse.NextAsync();
        Assert.Equal(("1", "first"), (first?.EventId, first?.Data));
        Assert.Equal(("2", "second"), (second?.EventId, second?.Data));

        // The poll was waiting when "first" was published; it answers with at least that one.
        Assert.StartsWith("""[{"id":1,"data":"first"}""", await poll, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shutdown_closes_websockets_with_1001_and_ends_sse_streams()
    {
        var server = await RunningServer.StartAsync();
        using var webSocket = await server.ConnectWebSocketAsync("/ws?topic=bye");
        var sse = await server.OpenSseAsync("/sse?topic=bye");
        await WaitForSubscribersAsync(server, expected: 2);

        var stopping = server.App.StopAsync();

        Assert.Null(await webSocket.ReceiveTextAsync());
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, webSocket.CloseStatus);
        Assert.Null(await sse.NextAsync());
        await stopping.WaitAsync(RunningServer.Patience);
        await sse.DisposeAsync();
        await server.DisposeAsync();
    }

    /// <summary>Subscribing happens after the client's handshake returns; wait until the server counts them.</summary>
    internal static async Task WaitForSubscribersAsync(RunningServer server, int expected)
    {
        using var timeout = new CancellationTokenSource(RunningServer.Patience);
        while (true)
        {
            var metrics = PrometheusText.Parse(await server.ScrapeMetricsAsync());
            var subscribers = metrics.Where(m => m.Key.StartsWith("loadlab_push_subscribers{", StringComparison.Ordinal)).Sum(m => m.Value);
            if (subscribers >= expected)
            {
                return;
            }

            await Task.Delay(20, timeout.Token);
        }
    }
}
