namespace LoadLab.Engine.Scenarios;

/// <summary>The transports a scenario can drive; written <c>ws</c>, <c>sse</c>, <c>longpoll</c> in files and reports.</summary>
public enum TransportKind
{
    WebSocket,
    Sse,
    LongPoll,
}

/// <summary>The names of <see cref="TransportKind"/> as written in scenario files and results.</summary>
public static class TransportKindNames
{
    public static string ToName(this TransportKind kind) => kind switch
    {
        TransportKind.WebSocket => "ws",
        TransportKind.Sse => "sse",
        TransportKind.LongPoll => "longpoll",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown transport."),
    };

    public static bool TryParse(string name, out TransportKind kind)
    {
        switch (name)
        {
            case "ws":
                kind = TransportKind.WebSocket;
                return true;
            case "sse":
                kind = TransportKind.Sse;
                return true;
            case "longpoll":
                kind = TransportKind.LongPoll;
                return true;
            default:
                kind = default;
                return false;
        }
    }
}
