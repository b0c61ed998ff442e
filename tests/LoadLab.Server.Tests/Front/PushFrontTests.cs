using System.Net.Sockets;
using System.Text;
using LoadLab.Server.Tests.Endpoints.WebSockets;

namespace LoadLab.Server.Tests.Front;

/// <summary>The push front on real Kestrel: which connections it takes, what they look like on the wire, and what a delivery costs.</summary>
public sealed class PushFrontTests
{
    [Fact]
    public async Task A_new_connection_is_served_by_the_front_and_a_kept_alive_one_by_Kestrel_with_the_same_stream()
    {
        await using var server = await RunningServer.StartAsync();
        // The shared client's first request opens a connection: the front takes it.
        await using var fresh = await server.OpenSseAsync("/sse?topic=both");
        Assert.Equal(1, await FrontConnectionsAsync(server));

        // A second client whose connection already served a request: Kestrel's SSE endpoint answers on it.
        using var keptAlive = new HttpClient { BaseAddress = server.Address, Timeout = RunningServer.Patience };
        (await keptAlive.GetAsync("/healthz")).EnsureSuccessStatusCode();
        using var kestrelResponse = await keptAlive.GetAsync("/sse?topic=both", HttpCompletionOption.ResponseHeadersRead);
        var kestrelEvents = System.Net.ServerSentEvents.SseParser.Create(await kestrelResponse.Content.ReadAsStreamAsync()).EnumerateAsync().GetAsyncEnumerator();
        await ReferenceServerTests.WaitForSubscribersAsync(server, expected: 2);
        Assert.Equal(1, await FrontConnectionsAsync(server));

        await server.PublishAsync("both", "to both");

        var fromFront = await fresh.NextAsync();
        Assert.True(await kestrelEvents.MoveNextAsync().AsTask().WaitAsync(RunningServer.Patience));
        Assert.Equal(("1", "to both"), (fromFront?.EventId, fromFront?.Data));
        Assert.Equal(("1", "to both"), (kestrelEvents.Current.EventId, kestrelEvents.Current.Data));
        Assert.Equal(fresh.Response.Content.Headers.ContentType, kestrelResponse.Content.Headers.ContentType);
        Assert.Equal(fresh.Response.Headers.GetValues("X-LoadLab-Instance"), kestrelResponse.Headers.GetValues("X-LoadLab-Instance"));
        await kestrelEvents.DisposeAsync();
    }

    [Fact]
    public async Task An_sse_stream_on_the_wire_is_a_chunked_response_with_the_retry_field_then_one_chunk_per_write()
    {
        await using var server = await RunningServer.StartAsync(("Server:SseRetry", "00:00:02"));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.Address.Host, server.Address.Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET /sse?topic=wire HTTP/1.1\r\nHost: {server.Address.Authority}\r\n\r\n"));
        var opening = await ReadUntilAsync(socket, "retry: 2000\n\n\r\n");
        await ReferenceServerTests.WaitForSubscribersAsync(server, expected: 1);

        await server.PublishAsync("wire", "hello");
        var chunk = await ReadUntilAsync(socket, "data: hello\n\n\r\n");

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", opening, StringComparison.Ordinal);
        Assert.Contains("Content-Type: text/event-stream\r\n", opening, StringComparison.Ordinal);
        Assert.Contains("Cache-Control: no-cache\r\n", opening, StringComparison.Ordinal);
        Assert.Contains("Transfer-Encoding: chunked\r\n", opening, StringComparison.Ordinal);
        Assert.Contains("X-Accel-Buffering: no\r\n", opening, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nD\r\nretry: 2000\n\n\r\n", opening, StringComparison.Ordinal);
        Assert.Equal("13\r\nid: 1\ndata: hello\n\n\r\n", chunk);
    }

    [Fact]
    public async Task A_websocket_on_the_front_receives_frames_answers_pings_and_echoes_the_close()
    {
        await using var server = await RunningServer.StartAsync();
        using var socket = await RawWebSocket.ConnectAsync(server.Address, "/ws?topic=frames");
        await ReferenceServerTests.WaitForSubscribersAsync(server, expected: 1);
        Assert.Equal(1, await FrontConnectionsAsync(server));

        await server.PublishAsync("frames", "first");

        // The publish is answered before the sender thread writes the frame, so a ping sent now could be answered
        // first: the frame is awaited before the ping goes out.
        var data = await socket.ReceiveAsync();
        await socket.SendAsync(ClientFrames.Masked(0x9, "are you there"u8.ToArray()));
        var pong = await socket.ReceiveAsync();
        await socket.SendAsync(ClientFrames.Masked(0x8, [0x03, 0xE8]));
        var close = await socket.ReceiveAsync();

        Assert.Equal((0x1, "first"), (data.Opcode, Encoding.UTF8.GetString(data.Payload)));
        Assert.Equal((0xA, "are you there"), (pong.Opcode, Encoding.UTF8.GetString(pong.Payload)));
        Assert.Equal(0x8, close.Opcode);
        Assert.Equal(new byte[] { 0x03, 0xE8 }, close.Payload);
        await WaitForFrontConnectionsAsync(server, 0);
    }

    [Fact]
    public async Task A_long_resume_goes_out_as_the_client_reads_it_not_all_at_once()
    {
        await using var server = await RunningServer.StartAsync(("Server:SocketSendBuffer", "16384"));
        var payload = new string('r', 1000);
        for (var i = 0; i < 1000; i++)
        {
            await server.PublishAsync("resume", payload);
        }

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync(server.Address.Host, server.Address.Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET /sse?topic=resume&lastEventId=0 HTTP/1.1\r\nHost: {server.Address.Authority}\r\n\r\n"));
        await ReferenceServerTests.WaitForSubscribersAsync(server, expected: 1);
        // Not reading: the kernel's buffers and one batch in the wire hold a small part of the megabyte. Once the front has
        // written some, it gets a moment more to write all it would.
        await WaitForMetricAsync(server, SseDelivered, delivered => delivered > 0);
        await Task.Delay(200);
        var deliveredWhileNotReading = await MetricAsync(server, SseDelivered);

        var text = await ReadUntilAsync(socket, $"id: 1000\ndata: {payload}\n\n\r\n");
        var ids = System.Text.RegularExpressions.Regex.Matches(text, "^id: ([0-9]+)$", System.Text.RegularExpressions.RegexOptions.Multiline).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

        Assert.InRange(deliveredWhileNotReading, 1, 300);
        Assert.Equal(Enumerable.Range(1, 1000), ids);
    }

    private const string SseDelivered = "loadlab_push_messages_delivered_total{transport=\"sse\"}";

    private const string FrontConnections = "loadlab_push_front_connections";

    private static async Task<double> MetricAsync(RunningServer server, string name) =>
        PrometheusText.Parse(await server.ScrapeMetricsAsync())[name];

    private static async Task<long> FrontConnectionsAsync(RunningServer server) => (long)await MetricAsync(server, FrontConnections);

    private static Task WaitForFrontConnectionsAsync(RunningServer server, long expected) =>
        WaitForMetricAsync(server, FrontConnections, connections => (long)connections == expected);

    private static async Task WaitForMetricAsync(RunningServer server, string name, Func<double, bool> until)
    {
        using var timeout = new CancellationTokenSource(RunningServer.Patience);
        while (!until(await MetricAsync(server, name)))
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    internal static async Task<string> ReadUntilAsync(Socket socket, string end)
    {
        using var timeout = new CancellationTokenSource(RunningServer.Patience);
        var text = new StringBuilder();
        var buffer = new byte[4096];
        while (!text.ToString().EndsWith(end, StringComparison.Ordinal))
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            Assert.NotEqual(0, read);
            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return text.ToString();
    }
}
