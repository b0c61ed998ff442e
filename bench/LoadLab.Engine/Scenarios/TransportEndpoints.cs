namespace LoadLab.Engine.Scenarios;

/// <summary>
/// Where a transport subscribes and publishes, as URL templates relative to the target (or absolute):
/// <c>{topic}</c> is replaced by the topic name. This is what lets a scenario drive a server that is not ours.
/// </summary>
public sealed record TransportEndpoints(string Subscribe, string Publish)
{
    /// <summary>The reference server's wire contract.</summary>
    public static IReadOnlyDictionary<TransportKind, TransportEndpoints> ReferenceServer { get; } = new Dictionary<TransportKind, TransportEndpoints>
    {
        [TransportKind.WebSocket] = new("/ws?topic={topic}", "/publish?topic={topic}"),
        [TransportKind.Sse] = new("/sse?topic={topic}", "/publish?topic={topic}"),
        [TransportKind.LongPoll] = new("/poll?topic={topic}", "/publish?topic={topic}"),
    };
}
