using System.Runtime.InteropServices;

namespace LoadLab.Engine.Clients.Receiving;

/// <summary>
/// The Linux calls the engine makes itself. The receive loop's: epoll, an eventfd to wake it, and <c>recv</c> on a
/// socket's descriptor (the runtime's own socket engine hops to the thread pool for every socket that becomes
/// readable; the loop reads every ready socket of a wake-up on its own thread instead). And the publisher's sleep
/// shorter than a millisecond, which the runtime's timers cannot do (<see cref="Publishing.ScheduleWait"/>).
/// </summary>
internal static unsafe partial class Libc
{
    public const int EpollCloseOnExec = 0x80000;
    public const int EpollAdd = 1;
    public const int EpollDelete = 2;
    public const int EpollModify = 3;
    public const uint EpollIn = 0x001;
    public const uint EpollOut = 0x004;
    public const uint EpollOneShot = 1u << 30;
    public const uint EpollError = 0x008;
    public const uint EpollHangUp = 0x010;
    public const uint EpollPeerClosed = 0x2000;
    public const int EventFdCloseOnExec = 0x80000;
    public const int EventFdNonBlocking = 0x800;
    public const int DontWait = 0x40;
    public const int NoSignal = 0x4000;
    public const int SocketLevel = 1;
    public const int SocketErrorOption = 4;
    public const int InProgress = 115;
    public const int Internet = 2;
    public const int InternetV6 = 10;
    public const int Interrupted = 4;
    public const int WouldBlock = 11;
    public const int MonotonicClock = 1;

    /// <summary><c>struct epoll_event</c> is packed on x86-64 (12 bytes) and naturally aligned elsewhere (16 bytes).</summary>
    public static readonly int EpollEventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    /// <summary>Where <c>data</c> sits in a <c>struct epoll_event</c>.</summary>
    public static readonly int EpollDataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int EpollControl(int epoll, int operation, int fd, byte* epollEvent);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epoll, byte* events, int maxEvents, int timeoutMilliseconds);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initialValue, int flags);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    public static partial nint Receive(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    public static partial nint Send(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "connect", SetLastError = true)]
    public static partial int Connect(int fd, byte* address, int addressLength);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    public static partial int GetSocketOption(int fd, int level, int option, int* value, int* valueLength);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nuint length);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nuint length);

    /// <summary>Sleeps for <paramref name="request"/> on the monotonic clock; returns 0, or the error (not errno) when woken early.</summary>
    [LibraryImport("libc", EntryPoint = "clock_nanosleep")]
    public static partial int ClockNanosleep(int clock, int flags, TimeSpec* request, TimeSpec* remaining);

    /// <summary>The <see cref="System.Net.Sockets.SocketError"/> of a Linux errno, for the failures a client classifies.</summary>
    public static System.Net.Sockets.SocketError ToSocketError(int errno) => errno switch
    {
        111 => System.Net.Sockets.SocketError.ConnectionRefused,
        104 => System.Net.Sockets.SocketError.ConnectionReset,
        103 => System.Net.Sockets.SocketError.ConnectionAborted,
        110 => System.Net.Sockets.SocketError.TimedOut,
        101 => System.Net.Sockets.SocketError.NetworkUnreachable,
        113 => System.Net.Sockets.SocketError.HostUnreachable,
        99 => System.Net.Sockets.SocketError.AddressNotAvailable,
        23 or 24 => System.Net.Sockets.SocketError.TooManyOpenSockets,
        32 => System.Net.Sockets.SocketError.Shutdown,
        _ => System.Net.Sockets.SocketError.SocketError,
    };

    /// <summary><c>struct timespec</c>: two <c>long</c>s, the size of a pointer on Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct TimeSpec
    {
        public nint Seconds;
        public nint Nanoseconds;
    }
}
