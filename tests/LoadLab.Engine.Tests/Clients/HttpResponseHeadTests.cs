using System.Net;
using System.Text;
using LoadLab.Engine.Clients;

namespace LoadLab.Engine.Tests.Clients;

public sealed class HttpResponseHeadTests
{
    [Fact]
    public async Task A_head_cut_across_reads_is_read_to_its_end_and_the_bytes_after_it_are_kept()
    {
        var stream = new TrickleStream(Encoding.Latin1.GetBytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\x81\x02hi"), chunk: 5);

        var (head, rest) = await HttpResponseHead.ReadAsync(stream, CancellationToken.None);

        Assert.Equal("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket", head);
        Assert.Equal([0x81, 0x02, (byte)'h', (byte)'i'], rest.ToArray());
    }

    [Fact]
    public async Task A_head_longer_than_the_first_read_buffer_is_read_whole()
    {
        var cookie = new string('c', 10_000);
        var stream = new TrickleStream(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nSet-Cookie: {cookie}\r\n\r\n"), chunk: 3000);

        var (text, rest) = await HttpResponseHead.ReadAsync(stream, CancellationToken.None);

        Assert.Equal(cookie, HttpResponseHead.Parse(text).Header("set-cookie"));
        Assert.Equal(0, rest.Count);
    }

    [Fact]
    public async Task A_head_beyond_16_KiB_is_refused()
    {
        var stream = new TrickleStream(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nX-Big: {new string('x', 20_000)}\r\n\r\n"), chunk: 4096);

        var error = await Assert.ThrowsAsync<HttpIOException>(() => HttpResponseHead.ReadAsync(stream, CancellationToken.None));

        Assert.Equal(HttpRequestError.ConfigurationLimitExceeded, error.HttpRequestError);
    }

    [Fact]
    public async Task A_connection_closed_inside_the_head_says_so()
    {
        var error = await Assert.ThrowsAsync<HttpIOException>(() => HttpResponseHead.ReadAsync(new TrickleStream("HTTP/1.1 200 OK\r\n"u8.ToArray(), chunk: 64), CancellationToken.None));

        Assert.Equal(HttpRequestError.ResponseEnded, error.HttpRequestError);
    }

    [Fact]
    public void Headers_are_found_in_any_case_trimmed_the_last_of_two_wins_and_an_absent_one_is_null()
    {
        var head = HttpResponseHead.Parse("HTTP/1.1 302 Found\r\nlocation:  /elsewhere \r\nX-Twice: first\r\nContent-Type: text/plain\r\nx-twice: second\r\nNoColon\r\nEmpty:");

        Assert.Equal(HttpStatusCode.Found, head.Status);
        Assert.Equal("/elsewhere", head.Header("Location"));
        Assert.Equal(new Uri("/elsewhere", UriKind.Relative), head.Location);
        Assert.Equal("second", head.Header("X-Twice"));
        Assert.Equal("", head.Header("empty"));
        Assert.Null(head.Header("NoColon"));
        Assert.Null(head.Header("Content"));
        Assert.Null(head.Header("HTTP/1.1 302 Found"));
    }

    [Theory]
    [InlineData("HTTP/1.1 200")]
    [InlineData("HTTP/1.0 503 Service Unavailable")]
    public void A_status_line_with_or_without_a_reason_is_read(string statusLine)
    {
        var head = HttpResponseHead.Parse(statusLine);

        Assert.Equal(int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), (int)head.Status);
        Assert.Null(head.Location);
    }

    [Theory]
    [InlineData("SSH-2.0-OpenSSH_9.2")]
    [InlineData("HTTP/1.1")]
    [InlineData("HTTP/1.1 abc OK")]
    [InlineData("")]
    public void Anything_else_is_not_an_http_response(string firstLine)
    {
        var error = Assert.Throws<HttpIOException>(() => HttpResponseHead.Parse(firstLine + "\r\nServer: x"));

        Assert.Equal(HttpRequestError.InvalidResponse, error.HttpRequestError);
        Assert.Contains($"'{firstLine}'", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Gives its bytes <c>chunk</c> at a time, as a socket that receives them in pieces would.</summary>
    private sealed class TrickleStream(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
