using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;

namespace LoadLab.Engine.Clients;

/// <summary>
/// The client side of the RFC 6455 opening handshake over a plain stream: the upgrade request, and the
/// response read up to the end of its headers. Anything but <c>101</c> with the right
/// <c>Sec-WebSocket-Accept</c> is refused, naming the status (and <c>Location</c>) as the report groups failures.
/// </summary>
internal static class WebSocketHandshake
{
    private const string AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>
    /// Sends the upgrade request for <paramref name="uri"/> (with <paramref name="extraHeaders"/>, lines such as
    /// <c>Sec-WebSocket-Protocol: loadlab.v1</c>) and reads the response; returns its headers and the bytes
    /// that followed them (the first frames, if the server sent any at once).
    /// </summary>
    public static async Task<(ArraySegment<byte> Early, IReadOnlyDictionary<string, string> Headers)> UpgradeAsync(Stream stream, Uri uri, IEnumerable<string> extraHeaders, CancellationToken cancellationToken)
    {
        var key = CreateKey();
        var extra = string.Concat(extraHeaders.Select(header => header + "\r\n"));
        await stream.WriteAsync(Encoding.ASCII.GetBytes(Request(uri, key, extra)), cancellationToken).ConfigureAwait(false);
        var (text, rest) = await HttpResponseHead.ReadAsync(stream, cancellationToken).ConfigureAwait(false);
        var head = HttpResponseHead.Parse(text);
        if (head.Status != HttpStatusCode.SwitchingProtocols)
        {
            throw new ConnectRefusedException(ConnectFailure.Http(head.Status, head.Location));
        }

        var headers = head.Headers;
        if (!headers.TryGetValue("Sec-WebSocket-Accept", out var accept) || accept != ExpectedAccept(key))
        {
            throw new WebSocketException(WebSocketError.HeaderError, "the server's Sec-WebSocket-Accept does not answer the key sent");
        }

        return (rest, headers);
    }

    /// <summary>A fresh random <c>Sec-WebSocket-Key</c>.</summary>
    public static string CreateKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

    /// <summary>The upgrade request; <paramref name="extraHeaders"/> are whole header lines, each ending in CRLF.</summary>
    public static string Request(Uri uri, string key, string extraHeaders) => string.Create(CultureInfo.InvariantCulture,
        $"GET {uri.PathAndQuery} HTTP/1.1\r\nHost: {uri.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n{extraHeaders}\r\n");

    /// <summary>The <c>Sec-WebSocket-Accept</c> a server that speaks WebSocket answers <paramref name="key"/> with.</summary>
    public static string ExpectedAccept(string key)
    {
        // RFC 6455 fixes SHA-1 here: a check that the server speaks WebSocket, not a security measure.
#pragma warning disable CA5350
        return Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + AcceptGuid)));
#pragma warning restore CA5350
    }
}
