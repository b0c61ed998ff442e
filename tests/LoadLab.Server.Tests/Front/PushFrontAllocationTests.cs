using System.Net.Sockets;
using System.Text;
using LoadLab.PushCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoadLab.Server.Tests.Front;

/// <summary>
/// The front's promise, in allocation counts (stable, unlike time): a broadcast to a hundred more connections
/// allocates nothing more, so nothing is allocated per delivery, whoever would allocate it (publisher, sender,
/// wire). It counts every allocation of the process, so it runs alone.
/// </summary>
[CollectionDefinition(nameof(PushFrontAllocationTests), DisableParallelization = true)]
[Collection(nameof(PushFrontAllocationTests))]
public sealed class PushFrontAllocationTests
{
    [Fact]
    public async Task Delivering_to_a_hundred_more_connections_allocates_nothing_more()
    {
        await using var server = await RunningServer.StartAsync();
        var hub = server.App.Services.GetRequiredService<PushHub>();
        using var few = Readers.Open(server, "few", 10);
        using var many = Readers.Open(server, "many", 110);
        await ReferenceServerTests.WaitForSubscribersAsync(server, expected: 120);
        // Warm up: the sender's lists have grown, every lock has met contention once (and made its wait event).
        for (var round = 0; round < 3; round++)
        {
            Broadcast(hub, few, 100);
            Broadcast(hub, many, 100);
        }

        var forFew = Broadcast(hub, few, 300);
        var forMany = Broadcast(hub, many, 300);

        // The smallest object is 24 bytes: one per delivery would show as 24 or more. What is left below that is
        // the rest of the process (Kestrel's date header each second, a late first contention on a lock).
        var perExtraDelivery = (double)(forMany - forFew) / (100 * 300);
        Assert.True(perExtraDelivery < 4, $"{forFew:N0} bytes for 10 connections, {forMany:N0} for 110: {perExtraDelivery:F2} bytes per extra delivery");
    }

    /// <summary>
    /// Publishes <paramref name="count"/> 128-byte messages, each once every reader has the one before, and returns
    /// the bytes allocated meanwhile by the whole process. One at a time, so the readers (threads of this process,
    /// on two cores) never fall behind: what a lagging connection costs is not what a delivery costs.
    /// </summary>
    private static long Broadcast(PushHub hub, Readers readers, int count)
    {
        var payload = new byte[128];
        // A frame of 126 to 65,535 bytes has a 4-byte header.
        var frameBytes = (long)readers.Count * (4 + payload.Length);
        var patience = Environment.TickCount64 + (long)RunningServer.Patience.TotalMilliseconds;
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < count; i++)
        {
            var expected = readers.Received + frameBytes;
            hub.Publish(readers.Topic, payload);
            while (readers.Received < expected && Environment.TickCount64 < patience)
            {
                Thread.Yield();
            }
        }

        var after = GC.GetTotalAllocatedBytes(precise: true);
        Assert.True(Environment.TickCount64 < patience, "the readers did not receive every message");
        return after - before;
    }

    /// <summary>WebSocket clients on bare sockets, each drained by a thread with blocking reads into one buffer: they allocate nothing per message.</summary>
    private sealed class Readers : IDisposable
    {
        private readonly List<Socket> _sockets = [];
        private long _received;

        private Readers(string topic) => Topic = topic;

        public string Topic { get; }

        public int Count => _sockets.Count;

        public long Received => Interlocked.Read(ref _received);

        // Only blocking calls: a socket never used asynchronously stays a blocking descriptor, whose reads are
        // plain system calls (asynchronous use would make later blocking reads emulated, with waits that allocate).
        public static Readers Open(RunningServer server, string topic, int count)
        {
            var readers = new Readers(topic);
            for (var i = 0; i < count; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = (int)RunningServer.Patience.TotalMilliseconds };
                socket.Connect(server.Address.Host, server.Address.Port);
                socket.Send(Encoding.ASCII.GetBytes(
                    $"GET /ws?topic={topic} HTTP/1.1\r\nHost: {server.Address.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"));
                var head = new StringBuilder();
                var one = new byte[1];
                while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && socket.Receive(one) == 1)
                {
                    head.Append((char)one[0]);
                }

                readers._sockets.Add(socket);
                new Thread(() => readers.Drain(socket)) { IsBackground = true }.Start();
            }

            return readers;
        }

        private void Drain(Socket socket)
        {
            var buffer = new byte[64 * 1024];
            try
            {
                int read;
                while ((read = socket.Receive(buffer)) > 0)
                {
                    Interlocked.Add(ref _received, read);
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Closed by Dispose, or idle past the receive timeout after the test.
            }
        }

        public void Dispose() => _sockets.ForEach(socket => socket.Dispose());
    }
}
