using System.Text;
using LoadLab.Engine.Clients;

namespace LoadLab.Engine.Tests.Clients;

public sealed class ChunkedDecoderTests
{
    private static readonly string[] Chunks = ["retry: ", "id: 1\ndata: hello world!!!\n\n", ": hb\n"];

    /// <summary>The chunks framed, with an extension on one and a trailer after the last.</summary>
    private static readonly string Body = $"{Chunks[0].Length:x}\r\n{Chunks[0]}\r\n{Chunks[1].Length:X};name=value\r\n{Chunks[1]}\r\n{Chunks[2].Length:x}\r\n{Chunks[2]}\r\n0\r\nTrailer: x\r\n\r\n";

    [Fact]
    public void Decodes_whole_and_split_at_every_byte_to_the_same_data_and_sees_the_end()
    {
        var bytes = Encoding.ASCII.GetBytes(Body);
        for (var split = 0; split <= bytes.Length; split++)
        {
            var decoder = new ChunkedDecoder();
            var output = new byte[bytes.Length];
            var written = decoder.Decode(bytes.AsSpan(0, split), output);
            Assert.False(decoder.Ended && split < bytes.Length, $"ended before the last CRLF, at split {split}");
            written += decoder.Decode(bytes.AsSpan(split), output.AsSpan(written));

            Assert.Equal(string.Concat(Chunks), Encoding.ASCII.GetString(output, 0, written));
            Assert.True(decoder.Ended, $"split {split}");
        }
    }

    [Theory]
    [InlineData("zz\r\n", "byte 0x7a in a chunk size")]
    [InlineData("\r\n", "a chunk size line without a size")]
    [InlineData("fffffffffffffff\r\n", "a chunk size beyond 1 TiB")]
    public void Malformed_framing_is_refused_naming_what(string body, string what)
    {
        var error = Assert.Throws<HttpIOException>(() => new ChunkedDecoder().Decode(Encoding.ASCII.GetBytes(body), new byte[64]));

        Assert.StartsWith($"malformed chunked response: {what}", error.Message, StringComparison.Ordinal);
    }
}
