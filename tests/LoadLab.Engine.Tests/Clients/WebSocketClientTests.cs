using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using LoadLab.Engine.Clients;
using LoadLab.Engine.Measurement;
using LoadLab.Engine.Publishing;
using LoadLab.Engine.Scenarios;

namespace LoadLab.Engine.Tests.Clients;

/// <summary>The raw-socket client against a hand-written server that cuts frames where a real network may.</summary>
public sealed class WebSocketClientTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Frames_in_one_read_fragments_and_a_frame_cut_across_reads_are_all_recorded_and_a_ping_is_answered(bool onReceiveLoop)
    {
        await using var connected = await ConnectedClient.StartAsync(onReceiveLoop);
        var (stream, stop, recorder, subscription) = (connected.Stream, connected.Stop, connected.Recorder, connected.Subscription);
        await AcceptAsync(stream, stop.Token);
        var stamps = Enumerable.Range(1, 5).Select(sequence => PayloadStamp.Create(sequence, 0, 64)).ToList();

        // Two frames in one write; one message in two fragments; a frame cut in the middle; then a ping.
        await stream.WriteAsync(Concat(Frame(stamps[0]), Frame(stamps[1])), stop.Token);
        await stream.WriteAsync(Concat(Frame(stamps[2][..10], final: false), Frame(stamps[2][10..], WebSocketFrames.Continuation)), stop.Token);
        var cut = Frame(stamps[3]);
        await stream.WriteAsync(cut.AsMemory(0, 20), stop.Token);
        await Task.Delay(100, stop.Token);
        await stream.WriteAsync(cut.AsMemory(20), stop.Token);
        await stream.WriteAsync(Concat(Frame(stamps[4]), Frame("are you there?"u8.ToArray(), WebSocketFrames.Ping)), stop.Token);

        var pong = new byte[2 + 4 + 14];
        await stream.ReadExactlyAsync(pong, stop.Token);
        await connected.StopAsync();

        Assert.Equal((byte)(0x80 | WebSocketFrames.Pong), pong[0]);
        Assert.True(WebSocketFrames.TryRead(pong, out _, out _, out var range, out _));
        Assert.Equal("are you there?", Encoding.UTF8.GetString(pong.AsSpan()[range]));
        Assert.Equal((5L, 0L), (recorder.Delivered, recorder.Errors));
        Assert.Equal(5L, subscription.Tracker.Received);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Frames_that_came_with_the_handshake_response_are_read_without_waiting_for_more(bool onReceiveLoop)
    {
        await using var connected = await ConnectedClient.StartAsync(onReceiveLoop);
        var stream = connected.Stream;
        // A busy client may read the response late, with everything the server sent after it: here that is so by design.
        await AcceptAsync(stream, connected.Stop.Token, after: [.. Frame(PayloadStamp.Create(1, 0, 64)), .. Frame(PayloadStamp.Create(2, 0, 64)), .. Frame("ping"u8.ToArray(), WebSocketFrames.Ping)]);

        var pong = new byte[2 + 4 + 4];
        await stream.ReadExactlyAsync(pong, connected.Stop.Token);
        await connected.StopAsync();

        Assert.Equal((byte)(0x80 | WebSocketFrames.Pong), pong[0]);
        Assert.Equal(2L, connected.Subscription.Tracker.Received);
    }

    /// <summary>A <see cref="WebSocketClient"/> subscribing on a listener of the test's, and the server side of its connection.</summary>
    private sealed class ConnectedClient : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly HttpClient _http;
        private TcpClient? _server;
        private Task _running = Task.CompletedTask;

        private ConnectedClient(TcpListener listener, HttpClient http, RunRecorder recorder, ClientSubscription subscription) =>
            (_listener, _http, Recorder, Subscription) = (listener, http, recorder, subscription);

        public RunRecorder Recorder { get; }

        public ClientSubscription Subscription { get; }

        public CancellationTokenSource Stop { get; } = new(TimeSpan.FromSeconds(30));

        public NetworkStream Stream => _server!.GetStream();

        public static async Task<ConnectedClient> StartAsync(bool onReceiveLoop)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var recorder = new RunRecorder(new RunClock(), 0);
            var http = new HttpClient();
            var context = new ClientContext(new Scenario { Name = "ws", Transports = [TransportKind.WebSocket], Stages = [new LoadStage(1, TimeSpan.FromSeconds(1))] }, http, recorder, TimeSpan.FromSeconds(20), onReceiveLoop);
            var topic = new PublishTopic("t", new Uri($"http://127.0.0.1:{port}/publish"), lastScheduled: 10);
            var connected = new ConnectedClient(listener, http, recorder, new ClientSubscription(topic, new Uri($"http://127.0.0.1:{port}/ws?topic=t")));
            connected._running = new WebSocketClient(context, connected.Subscription, echoRate: 0).RunAsync(connected.Stop.Token);
            connected._server = await listener.AcceptTcpClientAsync(connected.Stop.Token);
            return connected;
        }

        /// <summary>Stops the client and waits for it to end.</summary>
        public async Task StopAsync()
        {
            await Stop.CancelAsync();
            await _running;
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _server?.Dispose();
            _listener.Dispose();
            _http.Dispose();
            Stop.Dispose();
        }
    }

    /// <summary>Reads the upgrade request and answers 101; <paramref name="after"/> goes out in the same write.</summary>
    private static async Task AcceptAsync(NetworkStream stream, CancellationToken cancellationToken, byte[]? after = null)
    {
        var request = new StringBuilder();
        var buffer = new byte[1024];
        while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            request.Append(Encoding.ASCII.GetString(buffer, 0, await stream.ReadAsync(buffer, cancellationToken)));
        }

        var key = request.ToString().Split("\r\n").Single(line => line.StartsWith("Sec-WebSocket-Key:", StringComparison.Ordinal))["Sec-WebSocket-Key:".Length..].Trim();
#pragma warning disable CA5350 // RFC 6455's accept hash.
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
#pragma warning restore CA5350
        byte[] response = [.. Encoding.ASCII.GetBytes($"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"), .. after ?? []];
        await stream.WriteAsync(response, cancellationToken);
    }

    private static byte[] Concat(byte[] first, byte[] second) => [.. first, .. second];

    private static byte[] Frame(byte[] payload, byte opcode = WebSocketFrames.Binary, bool final = true) =>
        [(byte)((final ? 0x80 : 0) | opcode), (byte)payload.Length, .. payload];
}
