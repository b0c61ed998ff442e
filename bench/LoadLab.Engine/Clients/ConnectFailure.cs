using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;

namespace LoadLab.Engine.Clients;

/// <summary>
/// Names why a connection failed, in the words the report groups by: <c>http 400</c>,
/// <c>http 302 → /login</c>, <c>timeout</c>, <c>refused</c>, <c>reset</c>, <c>protocol</c>.
/// </summary>
internal static class ConnectFailure
{
    public static string Http(HttpStatusCode status, Uri? location) =>
        location is null ? $"http {(int)status}" : $"http {(int)status} → {location}";

    public static string Classify(Exception exception, bool timedOut)
    {
        if (timedOut)
        {
            return "timeout";
        }

        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "refused",
                    SocketError.ConnectionReset or SocketError.ConnectionAborted => "reset",
                    SocketError.TimedOut => "timeout",
                    SocketError.HostNotFound or SocketError.NoData => "dns",
                    SocketError.TooManyOpenSockets => "too many open files",
                    _ => $"socket {socket.SocketErrorCode}",
                };
            }
        }

        return exception switch
        {
            HttpRequestException { StatusCode: { } status } => $"http {(int)status}",
            HttpRequestException or WebSocketException or HttpIOException => "protocol",
            IOException => "reset",
            _ => exception.GetType().Name,
        };
    }
}
