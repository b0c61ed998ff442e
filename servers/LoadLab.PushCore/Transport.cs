namespace LoadLab.PushCore;

/// <summary>The ways a subscriber receives pushed messages.</summary>
public enum Transport
{
    WebSocket,
    Sse,
    LongPoll,
}

/// <summary>Names of the transports as they appear in metrics, scenarios and reports.</summary>
public static class TransportNames
{
    /// <summary>Every transport, in the order of the <see cref="Transport"/> values.</summary>
    public static IReadOnlyList<Transport> All { get; } = [Transport.WebSocket, Transport.Sse, Transport.LongPoll];

    /// <summary>The short name: <c>ws</c>, <c>sse</c> or <c>longpoll</c>.</summary>
    public static string ToName(this Transport transport) => transport switch
    {
        Transport.WebSocket => "ws",
        Transport.Sse => "sse",
        Transport.LongPoll => "longpoll",
        _ => throw new ArgumentOutOfRangeException(nameof(transport), transport, "Unknown transport."),
    };
}
