using System.Runtime.InteropServices;

namespace LoadLab.Server.Front;

/// <summary>
/// The one Linux call the push front makes itself: <c>send</c> on a connection's descriptor. A fan-out round makes it
/// once per connection, and <see cref="System.Net.Sockets.Socket.Send(ReadOnlySpan{byte}, System.Net.Sockets.SocketFlags, out System.Net.Sockets.SocketError)"/>
/// around it (the safe handle's reference count, its checks and error mapping) was ≈ 3% of the server's CPU at
/// 10,000 connections × 10 broadcasts a second (perf), on cache lines no other part of a round touches.
/// </summary>
internal static partial class Libc
{
    public const int DontWait = 0x40;
    public const int NoSignal = 0x4000;
    public const int Interrupted = 4;
    public const int WouldBlock = 11;

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    public static partial nint Send(int fd, ReadOnlySpan<byte> buffer, nuint length, int flags);
}
