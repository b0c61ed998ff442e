using System.Text;

namespace LoadLab.Server.Tests.Endpoints.WebSockets;

/// <summary>The reference server's own WebSocket framing, seen from a bare socket on the wire.</summary>
public sealed class WebSocketFramingTests
{
    [Fact]
    public async Task Ping_is_answered_with_a_pong_that_carries_its_payload()
    {
        await using var server = await RunningServer.StartAsync();
        using var socket = await RawWebSocket.ConnectAsync(server.Address, "/ws?topic=ping");

        await socket.SendAsync(ClientFrames.Masked(0x9, "are you there"u8));

        var (opcode, payload) = await socket.ReceiveAsync();
        Assert.Equal((0xA, "are you there"), (opcode, Encoding.UTF8.GetString(payload)));
    }

    [Fact]
    public async Task An_idle_connection_gets_a_ping_each_heartbeat_interval()
    {
        await using var server = await RunningServer.StartAsync(("Server:HeartbeatInterval", "00:00:00.100"));
        using var socket = await RawWebSocket.ConnectAsync(server.Address, "/ws?topic=idle");

        var (opcode, payload) = await socket.ReceiveAsync();

        Assert.Equal((0x9, 0), (opcode, payload.Length));
    }

    [Fact]
    public async Task Invalid_UTF8_in_a_text_message_closes_with_1007_and_publishes_nothing()
    {
        await using var server = await RunningServer.StartAsync();
        using var socket = await RawWebSocket.ConnectAsync(server.Address, "/ws?topic=utf8");

        await socket.SendAsync(ClientFrames.Masked(0x1, [0x68, 0xC3, 0x28]));

        Assert.Equal(1007, await socket.ReceiveCloseAsync());
        Assert.Equal(0, PrometheusText.Parse(await server.ScrapeMetricsAsync())["loadlab_push_messages_published_total"]);
    }

    [Fact]
    public async Task Unmasked_client_frame_closes_with_1002()
    {
        await using var server = await RunningServer.StartAsync();
        using var socket = await RawWebSocket.ConnectAsync(server.Address, "/ws?topic=unmasked");

        await socket.SendAsync(ClientFrames.Masked(0x1, "x"u8, masked: false));

        Assert.Equal(1002, await socket.ReceiveCloseAsync());
    }

    [Fact]
    public async Task The_client_close_code_is_echoed()
    {
        await using var server = await RunningServer.StartAsync();
        using var socket = await RawWebSocket.ConnectAsync(server.Address, "/ws?topic=bye");

        await socket.SendAsync(ClientFrames.Close(4001));

        Assert.Equal(4001, await socket.ReceiveCloseAsync());
    }

    [Fact]
    public async Task Messages_of_every_size_arrive_whole_and_in_order()
    {
        await using var server = await RunningServer.StartAsync(("Server:MaxMessageSize", "200000"));
        using var socket = await RawWebSocket.ConnectAsync(server.Address, "/ws?topic=sizes");
        int[] sizes = [0, 1, 125, 126, 65_535, 65_536, 150_000];

        foreach (var size in sizes)
        {
            await server.PublishAsync("sizes", new string('a', size));
        }

        foreach (var size in sizes)
        {
            var (opcode, payload) = await socket.ReceiveAsync();
            Assert.Equal((0x1, size), (opcode, payload.Length));
        }
    }
}
