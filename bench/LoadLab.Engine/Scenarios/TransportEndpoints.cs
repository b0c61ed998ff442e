namespace LoadLab.Engine.Scenarios;

/// <summary>
/// Where a transport subscribes and publishes, as URL templates relative to the target (or absolute):
/// <c>{topic}</c> is replaced by the topic name. This is what lets a scenario drive a server that is not ours.
/// </summary>
public sealed record TransportEndpoints(string Subscribe, string Publish)
{
    /// <summary>
    /// The reference server's wire contract: messages are published with <c>POST /publish</c>, or over WebSocket as
    /// frames sent on <c>/ws</c> (its WebSocket endpoint publishes what a client sends), when <paramref name="via"/> says so.
    /// </summary>
    public static IReadOnlyDictionary<TransportKind, TransportEndpoints> ReferenceServer(PublishVia via)
    {
        var publish = via == PublishVia.WebSocket ? "/ws?topic={topic}" : "/publish?topic={topic}";
        return new Dictionary<TransportKind, TransportEndpoints>
        {
            [TransportKind.WebSocket] = new("/ws?topic={topic}", publish),
            [TransportKind.Sse] = new("/sse?topic={topic}", publish),
            [TransportKind.LongPoll] = new("/poll?topic={topic}", publish),
        };
    }
}
