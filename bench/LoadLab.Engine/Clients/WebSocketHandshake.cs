using System.Buffers;
using System.Buffers.Text;
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
    /// <summary>Base64 of a 20-byte SHA-1.</summary>
    private const int AcceptLength = 28;

    private static ReadOnlySpan<byte> AcceptGuid => "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"u8;

    /// <summary>
    /// Sends the upgrade request for <paramref name="uri"/> (with <paramref name="extraHeaders"/>, whole header lines
    /// each ending in CRLF, such as <c>Sec-WebSocket-Protocol: loadlab.v1</c>) and reads the response; returns its head
    /// and the bytes that followed it (the first frames, if the server sent any at once).
    /// </summary>
    public static async Task<(ArraySegment<byte> Early, HttpResponseHead Head)> UpgradeAsync(Stream stream, Uri uri, string extraHeaders, CancellationToken cancellationToken)
    {
        var key = CreateKey();
        var request = Request(uri, key, extraHeaders);
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.ASCII.GetMaxByteCount(request.Length));
        try
        {
            var length = Encoding.ASCII.GetBytes(request, bytes);
            await stream.WriteAsync(bytes.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }

        var (text, rest) = await HttpResponseHead.ReadAsync(stream, cancellationToken).ConfigureAwait(false);
        var head = HttpResponseHead.Parse(text);
        if (head.Status != HttpStatusCode.SwitchingProtocols)
        {
            throw new ConnectRefusedException(ConnectFailure.Http(head.Status, head.Location));
        }

        if (head.Header("Sec-WebSocket-Accept") is not { } accept || !Answers(key, accept))
        {
            throw new WebSocketException(WebSocketError.HeaderError, "the server's Sec-WebSocket-Accept does not answer the key sent");
        }

        return (rest, head);
    }

    /// <summary>A fresh random <c>Sec-WebSocket-Key</c>.</summary>
    public static string CreateKey()
    {
        Span<byte> nonce = stackalloc byte[16];
        RandomNumberGenerator.Fill(nonce);
        return Convert.ToBase64String(nonce);
    }

    /// <summary>The upgrade request; <paramref name="extraHeaders"/> are whole header lines, each ending in CRLF.</summary>
    public static string Request(Uri uri, string key, string extraHeaders) => string.Create(CultureInfo.InvariantCulture,
        $"GET {uri.PathAndQuery} HTTP/1.1\r\nHost: {uri.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n{extraHeaders}\r\n");

    /// <summary>The <c>Sec-WebSocket-Accept</c> a server that speaks WebSocket answers <paramref name="key"/> with.</summary>
    public static string ExpectedAccept(string key) => Encoding.ASCII.GetString(ExpectedAccept(key, stackalloc byte[AcceptLength]));

    /// <summary>Whether <paramref name="accept"/> is the answer to <paramref name="key"/>.</summary>
    private static bool Answers(string key, string accept) => Ascii.Equals(ExpectedAccept(key, stackalloc byte[AcceptLength]), accept);

    /// <summary>The same in ASCII bytes, written into <paramref name="accept"/>: the check every connect makes costs no allocation.</summary>
    private static ReadOnlySpan<byte> ExpectedAccept(string key, Span<byte> accept)
    {
        Span<byte> keyed = stackalloc byte[Encoding.ASCII.GetMaxByteCount(key.Length) + AcceptGuid.Length];
        var length = Encoding.ASCII.GetBytes(key, keyed);
        AcceptGuid.CopyTo(keyed[length..]);
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        // RFC 6455 fixes SHA-1 here: a check that the server speaks WebSocket, not a security measure.
#pragma warning disable CA5350
        SHA1.HashData(keyed[..(length + AcceptGuid.Length)], hash);
#pragma warning restore CA5350
        Base64.EncodeToUtf8(hash, accept, out _, out var written);
        return accept[..written];
    }
}
