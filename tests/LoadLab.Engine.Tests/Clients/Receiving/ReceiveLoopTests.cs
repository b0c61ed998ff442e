using System.Net;
using System.Net.Sockets;
using System.Text;
using LoadLab.Engine.Clients.Receiving;

namespace LoadLab.Engine.Tests.Clients.Receiving;

/// <summary>The epoll receive loop on real loopback connections, with a line protocol as the connections' handler.</summary>
public sealed class ReceiveLoopTests
{
    private static readonly ReceiveLoop Loop = new("test receive loop");

    [Fact]
    public async Task Many_connections_are_read_on_one_loop_and_a_line_cut_between_reads_is_carried_to_the_next()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var pairs = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => SocketPair.OpenAsync()));
        var handlers = pairs.Select(_ => new LineHandler(expected: 100)).ToArray();
        var receiving = pairs.Select((pair, i) => pair.OnLoop.ReceiveOnLoopAsync(handlers[i], stop.Token)).ToArray();

        // Each connection's lines go out in pieces that cut them anywhere, interleaved with the other connections'.
        var texts = pairs.Select((_, i) => string.Concat(Enumerable.Range(1, 100).Select(line => $"c{i}-{line}\n"))).ToArray();
        for (var offset = 0; texts.Any(text => offset < text.Length); offset += 7)
        {
            for (var i = 0; i < pairs.Length; i++)
            {
                if (offset < texts[i].Length)
                {
                    await pairs[i].Server.SendAsync(Encoding.ASCII.GetBytes(texts[i][offset..Math.Min(offset + 7, texts[i].Length)]));
                }
            }
        }

        Assert.All(await Task.WhenAll(receiving), exit => Assert.Equal(LoopExit.Paused, exit));
        for (var i = 0; i < pairs.Length; i++)
        {
            Assert.Equal(Enumerable.Range(1, 100).Select(line => $"c{i}-{line}"), handlers[i].Lines);
        }

        pairs.ToList().ForEach(pair => pair.Dispose());
    }

    [Fact]
    public async Task A_paused_connection_attaches_again_where_it_left_off_and_a_peer_close_ends_it()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var pair = await SocketPair.OpenAsync();
        var handler = new LineHandler(expected: 1);

        await pair.Server.SendAsync("first\nsec"u8.ToArray());
        Assert.Equal(LoopExit.Paused, await pair.OnLoop.ReceiveOnLoopAsync(handler, stop.Token));
        Assert.Equal(["first"], handler.Lines);

        handler.Expect(2);
        await pair.Server.SendAsync("ond\n"u8.ToArray());
        Assert.Equal(LoopExit.Paused, await pair.OnLoop.ReceiveOnLoopAsync(handler, stop.Token));
        Assert.Equal(["first", "second"], handler.Lines);

        handler.Expect(int.MaxValue);
        pair.Server.Shutdown(SocketShutdown.Send);
        Assert.Equal(LoopExit.Ended, await pair.OnLoop.ReceiveOnLoopAsync(handler, stop.Token));
    }

    [Fact]
    public async Task A_handler_that_ends_the_stream_ends_it()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var pair = await SocketPair.OpenAsync();
        var handler = new LineHandler(expected: int.MaxValue);

        await pair.Server.SendAsync("a\nEND\nnot read\n"u8.ToArray());

        Assert.Equal(LoopExit.Ended, await pair.OnLoop.ReceiveOnLoopAsync(handler, stop.Token));
        Assert.Equal(["a"], handler.Lines);
    }

    [Fact]
    public async Task A_reset_connection_fails_the_receive_with_the_reason()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var pair = await SocketPair.OpenAsync();
        var receiving = pair.OnLoop.ReceiveOnLoopAsync(new LineHandler(expected: int.MaxValue), stop.Token);

        // Linger 0: the close sends a reset, not a FIN.
        pair.Server.LingerState = new LingerOption(true, 0);
        pair.Server.Close();

        var failure = await Assert.ThrowsAsync<SocketException>(() => receiving);
        Assert.Equal(SocketError.ConnectionReset, failure.SocketErrorCode);
    }

    [Fact]
    public async Task A_stopped_client_leaves_the_loop_and_what_arrives_later_stays_in_its_socket()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var pair = await SocketPair.OpenAsync();
        var handler = new LineHandler(expected: int.MaxValue);
        var receiving = pair.OnLoop.ReceiveOnLoopAsync(handler, stop.Token);
        await pair.Server.SendAsync("before\n"u8.ToArray());
        while (handler.Lines.Count == 0)
        {
            await Task.Delay(10, stop.Token);
        }

        await stop.CancelAsync();
        Assert.Equal(LoopExit.Stopped, await receiving);

        await pair.Server.SendAsync("after\n"u8.ToArray());
        var buffer = new byte[16];
        var read = await pair.OnLoop.ReceiveAsync(buffer, stop.Token);
        Assert.Equal("after\n", Encoding.ASCII.GetString(buffer, 0, read));
        Assert.Equal(["before"], handler.Lines);
    }

    [Fact]
    public async Task A_line_larger_than_the_loops_buffer_arrives_whole()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var pair = await SocketPair.OpenAsync();
        var handler = new LineHandler(expected: 2);
        var receiving = pair.OnLoop.ReceiveOnLoopAsync(handler, stop.Token);
        var large = new string('x', 300_000);

        await pair.Server.SendAsync(Encoding.ASCII.GetBytes(large + "\nsmall\n"));

        Assert.Equal(LoopExit.Paused, await receiving);
        Assert.Equal([large, "small"], handler.Lines);
    }

    [Fact]
    public async Task Reading_on_the_loop_allocates_nothing_per_read()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var pair = await SocketPair.OpenAsync();
        const int Reads = 2_000;
        const int WarmUpReads = 1_000;
        var handler = new AllocationWatchingHandler(WarmUpReads, Reads);
        var receiving = pair.OnLoop.ReceiveOnLoopAsync(handler, stop.Token);

        // One byte at a time, each waited for, so every one is a read of its own.
        var one = new byte[1];
        for (var i = 0; i < Reads; i++)
        {
            await pair.Server.SendAsync(one);
            await handler.WaitForReadAsync(i + 1, stop.Token);
        }

        Assert.Equal(LoopExit.Paused, await receiving);
        AllocationBound.AssertNonePerRead(handler.AllocatedAfterWarmUp, Reads - WarmUpReads);
    }

    [Fact]
    public async Task A_refused_connect_says_refused_and_a_handshake_goes_both_ways_through_the_loop()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var closed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var nobody = (IPEndPoint)closed.LocalEndPoint!;
        using var refusedSocket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var refused = Loop.Register(refusedSocket);
        var failure = await Assert.ThrowsAsync<SocketException>(() => refused.ConnectAsync(nobody, stop.Token));
        Assert.Equal(SocketError.ConnectionRefused, failure.SocketErrorCode);

        using var pair = await SocketPair.OpenAsync();
        await using var stream = new LoopStream(pair.OnLoop);
        await stream.WriteAsync("GET / HTTP/1.1\r\n\r\n"u8.ToArray(), stop.Token);
        var request = new byte[18];
        await pair.Server.ReceiveAsync(request, stop.Token);
        var answer = pair.Server.SendAsync("HTTP/1.1 200 OK\r\n\r\n"u8.ToArray(), stop.Token);
        var response = new byte[19];
        await stream.ReadExactlyAsync(response, stop.Token);
        await answer;

        Assert.Equal("GET / HTTP/1.1\r\n\r\n", Encoding.ASCII.GetString(request));
        Assert.Equal("HTTP/1.1 200 OK\r\n\r\n", Encoding.ASCII.GetString(response));
    }

    [Fact]
    public async Task A_read_given_up_leaves_the_socket_free_to_be_read_again()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var pair = await SocketPair.OpenAsync();
        using (var soon = new CancellationTokenSource(TimeSpan.FromMilliseconds(50)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await pair.OnLoop.ReceiveAsync(new byte[16], soon.Token));
        }

        var handler = new LineHandler(expected: 1);
        var receiving = pair.OnLoop.ReceiveOnLoopAsync(handler, stop.Token);
        await pair.Server.SendAsync("later\n"u8.ToArray());

        Assert.Equal(LoopExit.Paused, await receiving);
        Assert.Equal(["later"], handler.Lines);
    }

    /// <summary>A connected loopback pair: the client end is connected on the loop, the test writes the server end.</summary>
    private sealed class SocketPair(Socket client, LoopSocket onLoop, Socket server) : IDisposable
    {
        public LoopSocket OnLoop { get; } = onLoop;

        public Socket Server { get; } = server;

        public static async Task<SocketPair> OpenAsync()
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen();
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            var onLoop = Loop.Register(client);
            var accepting = listener.AcceptAsync();
            await onLoop.ConnectAsync((IPEndPoint)listener.LocalEndPoint!, CancellationToken.None);
            return new SocketPair(client, onLoop, await accepting);
        }

        public void Dispose()
        {
            OnLoop.Dispose();
            client.Dispose();
            Server.Dispose();
        }
    }

    /// <summary>Newline-ended lines; pauses once it has the lines it expects, ends at a line <c>END</c>.</summary>
    private sealed class LineHandler(int expected) : IReceiveHandler
    {
        private byte[] _carry = [];
        private int _expected = expected;

        public List<string> Lines { get; } = [];

        public int CarryLength => _carry.Length;

        public void Expect(int lines) => _expected = lines;

        public void MoveCarry(Span<byte> destination)
        {
            _carry.CopyTo(destination);
            _carry = [];
        }

        public ReceiveAction OnReceived(Span<byte> buffer, int carried)
        {
            int end;
            while ((end = buffer.IndexOf((byte)'\n')) >= 0)
            {
                var line = Encoding.ASCII.GetString(buffer[..end]);
                buffer = buffer[(end + 1)..];
                if (line == "END")
                {
                    return ReceiveAction.End;
                }

                Lines.Add(line);
            }

            _carry = buffer.ToArray();
            return Lines.Count >= _expected ? ReceiveAction.Pause : ReceiveAction.Continue;
        }
    }

    /// <summary>Counts the loop thread's allocations between its warm-up's last read and its last.</summary>
    private sealed class AllocationWatchingHandler(int warmUpReads, int reads) : IReceiveHandler
    {
        private int _reads;
        private long _allocatedAtWarmUp;

        public long AllocatedAfterWarmUp { get; private set; } = -1;

        public int CarryLength => 0;

        public void MoveCarry(Span<byte> destination)
        {
        }

        public ReceiveAction OnReceived(Span<byte> buffer, int carried)
        {
            var count = Interlocked.Increment(ref _reads);
            if (count == warmUpReads)
            {
                _allocatedAtWarmUp = GC.GetAllocatedBytesForCurrentThread();
            }

            if (count == reads)
            {
                AllocatedAfterWarmUp = GC.GetAllocatedBytesForCurrentThread() - _allocatedAtWarmUp;
                return ReceiveAction.Pause;
            }

            return ReceiveAction.Continue;
        }

        public async Task WaitForReadAsync(int count, CancellationToken cancellationToken)
        {
            while (Volatile.Read(ref _reads) < count)
            {
                await Task.Delay(1, cancellationToken);
            }
        }
    }
}
