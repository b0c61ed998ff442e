using System.Text;
using LoadLab.PushCore;

namespace LoadLab.Server.Front;

/// <summary>
/// A push request the front serves itself: an HTTP/1.1 <c>GET /ws</c> WebSocket handshake or <c>GET /sse</c>, with
/// what the endpoints read from it. <see cref="TryParse"/> accepts only plain, well-formed requests; anything
/// else (another path, a malformed or unusual head, a body) goes to Kestrel, whose endpoints answer it in full,
/// with the same reasons as ever. Immutable.
/// </summary>
internal sealed record FrontRequest(
    Transport Transport,
    int HeadLength,
    string Host,
    string? Topic,
    string? ResumeId,
    string ResumeIdName,
    string? Instance,
    string Origin,
    string Authorization,
    string? WebSocketKey,
    bool WantsEnvelope)
{
    /// <summary>The longest head the front reads; a longer one goes to Kestrel.</summary>
    public const int MaxHeadLength = 8192;

    /// <summary>Reads a request head from the start of <paramref name="bytes"/>.</summary>
    public static FrontParse TryParse(ReadOnlySpan<byte> bytes, out FrontRequest? request)
    {
        request = null;
        var end = bytes.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            // Not all here yet: worth waiting for only if it starts like a request the front serves.
            return bytes.Length < MaxHeadLength && (IsPrefixOf(bytes, "GET /ws"u8) || IsPrefixOf(bytes, "GET /sse"u8))
                ? FrontParse.Incomplete
                : FrontParse.NotFront;
        }

        var head = bytes[..end];
        if (!OnlyLineBreaksAndTabs(head))
        {
            return FrontParse.NotFront;
        }

        var text = Encoding.ASCII.GetString(head);
        var lines = text.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || requestLine[0] != "GET" || requestLine[2] != "HTTP/1.1")
        {
            return FrontParse.NotFront;
        }

        var target = requestLine[1];
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? target : target[..question];
        Transport transport;
        if (path == "/ws")
        {
            transport = Transport.WebSocket;
        }
        else if (path == "/sse")
        {
            transport = Transport.Sse;
        }
        else
        {
            return FrontParse.NotFront;
        }

        if (!TryReadQuery(question < 0 ? "" : target[(question + 1)..], out var query)
            || !TryReadHeaders(lines.AsSpan(1), out var headers))
        {
            return FrontParse.NotFront;
        }

        var host = headers.GetValueOrDefault("host");
        if (string.IsNullOrEmpty(host) || headers.ContainsKey("content-length") || headers.ContainsKey("transfer-encoding"))
        {
            return FrontParse.NotFront;
        }

        var instance = headers.GetValueOrDefault("x-loadlab-instance") is { Length: > 0 } fromHeader ? fromHeader : query.GetValueOrDefault("instance");
        var origin = headers.GetValueOrDefault("origin") ?? "";
        var authorization = headers.GetValueOrDefault("authorization") ?? "";
        var topic = query.GetValueOrDefault("topic");
        if (transport == Transport.Sse)
        {
            var lastEventId = headers.GetValueOrDefault("last-event-id");
            request = string.IsNullOrEmpty(lastEventId)
                ? new FrontRequest(transport, end + 4, host, topic, query.GetValueOrDefault("lasteventid"), "lastEventId", instance, origin, authorization, null, false)
                : new FrontRequest(transport, end + 4, host, topic, lastEventId, "Last-Event-ID", instance, origin, authorization, null, false);
            return FrontParse.Request;
        }

        if (!IsWebSocketHandshake(headers, out var key))
        {
            return FrontParse.NotFront;
        }

        var protocols = headers.GetValueOrDefault("sec-websocket-protocol") ?? "";
        var wantsEnvelope = protocols.Split(',', StringSplitOptions.TrimEntries).Contains(Endpoints.WebSocketEndpoint.SubProtocol);
        request = new FrontRequest(transport, end + 4, host, topic, query.GetValueOrDefault("since"), "since", instance, origin, authorization, key, wantsEnvelope);
        return FrontParse.Request;
    }

    private static bool IsPrefixOf(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> prefix) =>
        bytes.Length >= prefix.Length ? bytes.StartsWith(prefix) : prefix.StartsWith(bytes);

    private static bool OnlyLineBreaksAndTabs(ReadOnlySpan<byte> head)
    {
        foreach (var b in head)
        {
            if (b is not ((>= 0x20 and <= 0x7E) or (byte)'\r' or (byte)'\n' or (byte)'\t'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>RFC 6455 §4.2.1, as ASP.NET Core checks it: upgrade headers, version 13, a key of 16 bytes in base64.</summary>
    private static bool IsWebSocketHandshake(Dictionary<string, string> headers, out string? key)
    {
        key = headers.GetValueOrDefault("sec-websocket-key");
        var connection = headers.GetValueOrDefault("connection") ?? "";
        return (headers.GetValueOrDefault("upgrade") ?? "").Equals("websocket", StringComparison.OrdinalIgnoreCase)
            && connection.Split(',', StringSplitOptions.TrimEntries).Contains("upgrade", StringComparer.OrdinalIgnoreCase)
            && headers.GetValueOrDefault("sec-websocket-version") == "13"
            && key is { Length: 24 }
            && Convert.TryFromBase64String(key, new byte[16], out var length) && length == 16;
    }

    /// <summary>Query parameters by lowercase name, decoded as ASP.NET Core decodes them; a repeated name is not the front's to read.</summary>
    private static bool TryReadQuery(string query, out Dictionary<string, string> values)
    {
        values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(equals < 0 ? pair : pair[..equals]).ToLowerInvariant();
            var value = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
            if (!values.TryAdd(name, value))
            {
                return false;
            }
        }

        return true;
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    /// <summary>Header values by lowercase name; a line folded over two, or a repeated header, is not the front's to read.</summary>
    private static bool TryReadHeaders(ReadOnlySpan<string> lines, out Dictionary<string, string> headers)
    {
        headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || line[0] is ' ' or '\t' || line[colon - 1] is ' ' or '\t')
            {
                return false;
            }

            if (!headers.TryAdd(line[..colon].ToLowerInvariant(), line[(colon + 1)..].Trim(' ', '\t')))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>What <see cref="FrontRequest.TryParse"/> made of a request head.</summary>
internal enum FrontParse
{
    /// <summary>A push request the front serves.</summary>
    Request,

    /// <summary>It may be one, but its head has not all arrived.</summary>
    Incomplete,

    /// <summary>Kestrel's to serve.</summary>
    NotFront,
}
