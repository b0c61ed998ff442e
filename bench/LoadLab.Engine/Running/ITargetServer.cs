namespace LoadLab.Engine.Running;

/// <summary>
/// A server the engine started itself for a scenario without a target; stopped when disposed.
/// <see cref="ProcessId"/> is set when it runs in its own process, so its memory and CPU can be read
/// from <c>/proc</c>, apart from the load engine's.
/// </summary>
public interface ITargetServer : IAsyncDisposable
{
    Uri Address { get; }

    /// <summary>The current process; it changes when the server is restarted.</summary>
    int? ProcessId { get; }

    /// <summary>Whether <see cref="RestartAsync"/> can stop this server and start it again on the same address.</summary>
    bool CanRestart => false;

    /// <summary>
    /// Stops the server at once (a crash, as far as its clients can tell: connections cut, nothing flushed),
    /// waits <paramref name="down"/>, and starts a new one on the same address. The new one knows nothing of
    /// the old one: its ids and replay ring start afresh.
    /// </summary>
    Task RestartAsync(TimeSpan down, CancellationToken cancellationToken) => throw new NotSupportedException("this server cannot be restarted by the engine");
}
