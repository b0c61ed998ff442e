using System.Globalization;
using System.Net;
using System.Text;

namespace LoadLab.Engine.Clients;

/// <summary>
/// The head of an HTTP/1.1 response read straight from a stream, for the clients that speak HTTP on their own
/// socket (the WebSocket handshake, the SSE subscriber): the status, the headers, and the bytes read past them.
/// </summary>
internal sealed record HttpResponseHead(HttpStatusCode Status, IReadOnlyDictionary<string, string> Headers)
{
    private const int MaxBytes = 16 * 1024;

    /// <summary>Reads up to the end of the headers: the status line and headers (Latin-1), and the bytes read past them.</summary>
    public static async Task<(string Head, ArraySegment<byte> Remainder)> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var length = 0;
        int end;
        while ((end = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length >= MaxBytes)
                {
                    throw new HttpIOException(HttpRequestError.ConfigurationLimitExceeded, $"the response headers exceed {MaxBytes} bytes");
                }

                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new HttpIOException(HttpRequestError.ResponseEnded, "the server closed the connection before the end of the response headers");
            }

            length += read;
        }

        return (Encoding.Latin1.GetString(buffer, 0, end), new ArraySegment<byte>(buffer, end + 4, length - end - 4));
    }

    /// <summary>The status and headers of a head <see cref="ReadAsync"/> returned; a header given twice keeps its last value.</summary>
    public static HttpResponseHead Parse(string head)
    {
        var lines = head.Split("\r\n");
        var statusLine = lines[0].Split(' ', 3);
        if (statusLine.Length < 2 || !statusLine[0].StartsWith("HTTP/", StringComparison.Ordinal) || !int.TryParse(statusLine[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            throw new HttpIOException(HttpRequestError.InvalidResponse, $"not an HTTP response: '{lines[0]}'");
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        return new HttpResponseHead((HttpStatusCode)status, headers);
    }

    /// <summary>The redirect target, if the response names one.</summary>
    public Uri? Location => Headers.TryGetValue("Location", out var target) ? new Uri(target, UriKind.RelativeOrAbsolute) : null;
}
