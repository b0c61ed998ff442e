using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;

namespace LoadLab.Engine.Clients;

/// <summary>
/// The head of an HTTP/1.1 response read straight from a stream, for the clients that speak HTTP on their own
/// socket (the WebSocket handshake, the SSE subscriber): the status, the headers, and the bytes read past them.
/// Ten thousand clients connecting at once read ten thousand heads, so a head costs one string: the read buffer is
/// pooled, and a header is found in the text when it is asked for rather than split into a dictionary.
/// </summary>
internal sealed class HttpResponseHead
{
    private const int FirstRead = 4096;
    private const int MaxBytes = 16 * 1024;

    private readonly string _text;

    private HttpResponseHead(HttpStatusCode status, string text) => (Status, _text) = (status, text);

    public HttpStatusCode Status { get; }

    /// <summary>The redirect target, if the response names one.</summary>
    public Uri? Location => Header("Location") is { } target ? new Uri(target, UriKind.RelativeOrAbsolute) : null;

    /// <summary>Reads up to the end of the headers: the status line and headers (Latin-1), and the bytes read past them.</summary>
    public static async Task<(string Head, ArraySegment<byte> Remainder)> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(FirstRead);
        try
        {
            var (capacity, length) = (FirstRead, 0);
            int end;
            while ((end = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8)) < 0)
            {
                if (length == capacity)
                {
                    if (capacity >= MaxBytes)
                    {
                        throw new HttpIOException(HttpRequestError.ConfigurationLimitExceeded, $"the response headers exceed {MaxBytes} bytes");
                    }

                    capacity *= 2;
                    var larger = ArrayPool<byte>.Shared.Rent(capacity);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length, capacity - length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new HttpIOException(HttpRequestError.ResponseEnded, "the server closed the connection before the end of the response headers");
                }

                length += read;
            }

            // The bytes past the head are copied out (usually there are none): the buffer goes back to the pool.
            var rest = buffer.AsSpan(end + 4, length - end - 4);
            return (Encoding.Latin1.GetString(buffer, 0, end), rest.IsEmpty ? ArraySegment<byte>.Empty : rest.ToArray());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The status of a head <see cref="ReadAsync"/> returned; its headers are read with <see cref="Header"/>.</summary>
    public static HttpResponseHead Parse(string head)
    {
        var statusLine = FirstLine(head);
        var version = statusLine.IndexOf(' ');
        var code = version < 0 ? [] : statusLine[(version + 1)..];
        code = code.IndexOf(' ') is var space and >= 0 ? code[..space] : code;
        if (version < 0 || !statusLine.StartsWith("HTTP/", StringComparison.Ordinal) || !int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            throw new HttpIOException(HttpRequestError.InvalidResponse, $"not an HTTP response: '{statusLine}'");
        }

        return new HttpResponseHead((HttpStatusCode)status, head);
    }

    /// <summary>The value of header <paramref name="name"/> (any case), trimmed; a header given twice gives its last value; null when absent.</summary>
    public string? Header(string name)
    {
        ReadOnlySpan<char> found = default;
        var present = false;
        var rest = _text.AsSpan(FirstLine(_text).Length);
        while (!rest.IsEmpty)
        {
            rest = rest.StartsWith("\r\n") ? rest[2..] : rest;
            var lineEnd = rest.IndexOf("\r\n");
            var line = lineEnd < 0 ? rest : rest[..lineEnd];
            rest = lineEnd < 0 ? [] : rest[lineEnd..];
            var colon = line.IndexOf(':');
            if (colon > 0 && line[..colon].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                found = line[(colon + 1)..].Trim();
                present = true;
            }
        }

        return present ? found.ToString() : null;
    }

    private static ReadOnlySpan<char> FirstLine(string head) => head.AsSpan(0, head.IndexOf("\r\n", StringComparison.Ordinal) is var end and >= 0 ? end : head.Length);
}
