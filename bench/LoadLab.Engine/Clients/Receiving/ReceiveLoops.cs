using LoadLab.Engine.Running;

namespace LoadLab.Engine.Clients.Receiving;

/// <summary>
/// The process's receive loops, one per CPU it may run on (counted at the first connection, after any pinning), and
/// which connections use them: plain-TCP WebSocket and SSE subscribers on Linux. TLS connections read through their
/// stream, and other systems have no epoll. <c>LOADLAB_RECEIVE=async</c> turns the loops off, so that the two ways of
/// receiving can be compared in one sitting.
/// </summary>
internal static class ReceiveLoops
{
    public const string EnvironmentVariable = "LOADLAB_RECEIVE";

    private static readonly Lazy<ReceiveLoop[]> Loops = new(() =>
        [.. Enumerable.Range(0, Math.Max(1, CpuAffinity.AllowedCpuCount())).Select(i => new ReceiveLoop($"LoadLab receive loop {i}"))]);

    private static int _next;

    public static bool Enabled { get; } = OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable(EnvironmentVariable) != "async";

    /// <summary>The loop for a new connection: each in turn.</summary>
    public static ReceiveLoop Next()
    {
        var loops = Loops.Value;
        return loops[(int)((uint)Interlocked.Increment(ref _next) % (uint)loops.Length)];
    }
}
