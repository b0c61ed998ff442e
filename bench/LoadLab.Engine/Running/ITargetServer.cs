namespace LoadLab.Engine.Running;

/// <summary>
/// A server the engine started itself for a scenario without a target; stopped when disposed.
/// <see cref="ProcessId"/> is set when it runs in its own process, so its memory and CPU can be read
/// from <c>/proc</c>, apart from the load engine's.
/// </summary>
public interface ITargetServer : IAsyncDisposable
{
    Uri Address { get; }

    int? ProcessId { get; }
}
