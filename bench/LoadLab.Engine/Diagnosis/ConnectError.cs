using System.Net.Sockets;
using System.Security.Authentication;

namespace LoadLab.Engine.Diagnosis;

/// <summary>Why no HTTP response came at all: the kind (<c>refused</c>, <c>dns</c>, <c>timeout</c>, <c>tls</c>, <c>reset</c>, <c>closed</c>) and the system's message.</summary>
public sealed record ConnectError(string Kind, string Step, string Message)
{
    public const string Refused = "refused";
    public const string Dns = "dns";
    public const string Timeout = "timeout";
    public const string Tls = "tls";
    public const string Reset = "reset";
    public const string Closed = "closed";
    public const string NotHttp = "not-http";

    /// <summary>A step that did not finish within the timeout, said the same way by both probes.</summary>
    public static ConnectError TimedOut(string step, TimeSpan timeout) => new(Timeout, step, step switch
    {
        "connect" => $"no TCP connection within {Evidence.Seconds(timeout)}",
        "tls" => $"no TLS handshake within {Evidence.Seconds(timeout)}",
        _ => $"no response headers within {Evidence.Seconds(timeout)}",
    });

    /// <summary>Names the failure of <paramref name="step"/> (<c>connect</c>, <c>tls</c>, <c>response</c>).</summary>
    public static ConnectError From(Exception exception, string step, bool timedOut)
    {
        if (timedOut)
        {
            return new(Timeout, step, exception.Message);
        }

        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return new(Refused, step, inner.Message);
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain }:
                    return new(Dns, step, inner.Message);
                case SocketException { SocketErrorCode: SocketError.TimedOut }:
                    return new(Timeout, step, inner.Message);
                case SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted }:
                    return new(Reset, step, inner.Message);
                case AuthenticationException:
                    return new(Tls, step, inner.Message);
            }
        }

        return exception is IOException or System.Net.WebSockets.WebSocketException or HttpRequestException
            ? new(step == "tls" ? Tls : Closed, step, exception.Message)
            : new(exception.GetType().Name, step, exception.Message);
    }
}
