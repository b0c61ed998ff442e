using System.Diagnostics.CodeAnalysis;

namespace LoadLab.Engine.Diagnosis;

/// <summary>Checks the URLs the doctor is given, with a reason a person can act on.</summary>
public static class DoctorUrl
{
    /// <summary>A push URL: <c>ws://</c>, <c>wss://</c> (WebSocket) or <c>http://</c>, <c>https://</c> (SSE).</summary>
    public static bool TryParseTarget(string text, [NotNullWhen(true)] out Uri? uri, [NotNullWhen(false)] out string? error) =>
        TryParse(text, ["ws", "wss", "http", "https"], "ws://, wss:// (WebSocket) or http://, https:// (SSE)", out uri, out error);

    /// <summary>Where test events are published: <c>http://</c> or <c>https://</c>.</summary>
    public static bool TryParsePublish(string text, [NotNullWhen(true)] out Uri? uri, [NotNullWhen(false)] out string? error) =>
        TryParse(text, ["http", "https"], "http:// or https://", out uri, out error);

    public static ProbeTransport TransportOf(Uri uri) =>
        uri.Scheme is "ws" or "wss" ? ProbeTransport.WebSocket : ProbeTransport.Sse;

    public static bool IsSecure(Uri uri) => uri.Scheme is "wss" or "https";

    private static bool TryParse(string text, string[] schemes, string expected, [NotNullWhen(true)] out Uri? uri, [NotNullWhen(false)] out string? error)
    {
        uri = null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed) || string.IsNullOrEmpty(parsed.Host))
        {
            error = $"'{text}' is not an absolute URL; write it like ws://host:port/path or http://host:port/path";
            return false;
        }

        if (!schemes.Contains(parsed.Scheme))
        {
            error = $"'{text}': scheme '{parsed.Scheme}' is not supported; use {expected}";
            return false;
        }

        uri = parsed;
        error = null;
        return true;
    }
}
