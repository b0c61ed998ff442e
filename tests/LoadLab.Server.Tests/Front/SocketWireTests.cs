using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using LoadLab.Server.Front;

namespace LoadLab.Server.Tests.Front;

/// <summary>The wire over a real loopback TCP connection with a small send buffer, so a client that does not read shows at once.</summary>
public sealed partial class SocketWireTests
{
    [Fact]
    public async Task What_the_kernel_does_not_take_waits_in_order_and_goes_out_when_the_client_reads()
    {
        var (server, client) = await ConnectedPairAsync();
        using var _ = server;
        using var __ = client;
        var drained = new SemaphoreSlim(0);
        var wire = new SocketWire(server, () => drained.Release());
        var data = Enumerable.Range(0, 3_001_000).Select(i => (byte)i).ToArray();

        // A large batch the kernel cannot take at once, then a control frame's worth behind it.
        var first = wire.Write(data.AsSpan(0, 3_000_000));
        var second = wire.Write(data.AsSpan(3_000_000));

        Assert.Equal((WireWrite.Queued, WireWrite.Queued, true), (first, second, wire.IsBusy));
        var received = new byte[data.Length];
        await ReadExactlyAsync(client, received);
        Assert.True(await drained.WaitAsync(RunningServer.Patience));
        Assert.False(wire.IsBusy);
        Assert.Equal(data, received);
        Assert.Equal(WireWrite.Sent, wire.Write([1, 2, 3]));
    }

    [Fact]
    public async Task A_client_that_reads_nothing_while_more_keeps_coming_breaks_the_wire()
    {
        var (server, client) = await ConnectedPairAsync();
        using var _ = server;
        using var __ = client;
        var wire = new SocketWire(server, () => { });

        var results = Enumerable.Range(0, 100).Select(_ => wire.Write(new byte[64 * 1024])).ToList();

        Assert.Contains(WireWrite.Queued, results);
        Assert.Equal(WireWrite.Broken, results[^1]);
    }

    [Fact]
    public async Task A_reset_connection_breaks_the_wire()
    {
        var (server, client) = await ConnectedPairAsync();
        using var _ = server;
        client.LingerState = new LingerOption(true, 0);
        client.Dispose();
        var wire = new SocketWire(server, () => { });

        // The first send after a reset may still succeed locally; the reset shows on a later one.
        var results = new List<WireWrite>();
        for (var i = 0; i < 50 && !results.Contains(WireWrite.Broken); i++)
        {
            results.Add(wire.Write(new byte[1024]));
            await Task.Delay(10);
        }

        Assert.Equal(WireWrite.Broken, results[^1]);
    }

    [Fact]
    public async Task A_closed_wire_writes_nothing_even_to_its_descriptor_given_to_a_new_connection()
    {
        var (server, client) = await ConnectedPairAsync();
        using var _ = client;
        using var __ = server;
        var wire = new SocketWire(server, () => { });
        Assert.Equal(WireWrite.Sent, wire.Write([1]));
        using var listener = Listening();
        using var reused = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await reused.ConnectAsync(listener.LocalEndPoint!);
        using var reader = await listener.AcceptAsync();

        // As a connection ends, the wire breaks first and then the socket closes. Linux hands the lowest free descriptor to
        // the next socket, so the next connection often gets the old number. The test cannot wait for that to happen,
        // because other tests open sockets at the same time. So it gives the number to the new connection itself:
        // dup2 closes the old socket and reuses its number in one step.
        wire.Close();
        var descriptor = (int)server.SafeHandle.DangerousGetHandle();
        Assert.Equal(descriptor, Duplicate((int)reused.SafeHandle.DangerousGetHandle(), descriptor));

        Assert.Equal(WireWrite.Broken, wire.Write([2, 3, 4]));
        reused.Send([5]);
        var received = new byte[1];
        await ReadExactlyAsync(reader, received);
        Assert.Equal([5], received);
        Assert.Equal(0, reader.Available);
    }

    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    private static partial int Duplicate(int descriptor, int onto);

    private static Socket Listening()
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        return listener;
    }

    private static async Task<(Socket Server, Socket Client)> ConnectedPairAsync()
    {
        using var listener = Listening();
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 16 * 1024 };
        await client.ConnectAsync(listener.LocalEndPoint!);
        var server = await listener.AcceptAsync();
        server.SendBufferSize = 16 * 1024;
        server.Blocking = false;
        return (server, client);
    }

    private static async Task ReadExactlyAsync(Socket socket, byte[] buffer)
    {
        using var timeout = new CancellationTokenSource(RunningServer.Patience);
        for (var read = 0; read < buffer.Length;)
        {
            read += await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, timeout.Token);
        }
    }
}
