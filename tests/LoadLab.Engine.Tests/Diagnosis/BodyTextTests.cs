using System.Text;
using LoadLab.Engine.Diagnosis;

namespace LoadLab.Engine.Tests.Diagnosis;

public sealed class BodyTextTests
{
    [Theory]
    [InlineData("missing query parameter 'topic'\n", false, "missing query parameter 'topic'")]
    [InlineData("<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>", false, "404 Not Found")]
    [InlineData("1f\r\nWebSocket upgrade expected\r\n0\r\n\r\n", true, "WebSocket upgrade expected")]
    [InlineData("", false, null)]
    public void First_line_with_text_is_the_servers_reason(string body, bool chunked, string? expected) =>
        Assert.Equal(expected, BodyText.FirstLine(Encoding.UTF8.GetBytes(body), chunked));
}
