using LoadLab.Engine.Diagnosis;
using static LoadLab.Engine.Tests.Diagnosis.Observed;

namespace LoadLab.Engine.Tests.Diagnosis;

public sealed class StatusRulesTests
{
    [Theory]
    [InlineData("WebSocket upgrade expected at /ws: header 'Upgrade: websocket' is missing; header 'Connection: Upgrade' is missing.", FindingCodes.WebSocketUpgradeHeadersStripped)]
    [InlineData("Can \"Upgrade\" only to \"WebSocket\".", FindingCodes.WebSocketUpgradeHeadersStripped)]
    [InlineData("Unsupported Sec-WebSocket-Version", FindingCodes.WebSocketVersionRejected)]
    [InlineData("Bad Request", FindingCodes.BadRequest)]
    [InlineData(null, FindingCodes.BadRequest)]
    public void WebSocket_400_is_read_from_the_servers_reason(string? body, string code)
    {
        var finding = Assert.Single(StatusRules.Diagnose(ProbeTransport.WebSocket, WebSocketTarget, Response(400, "Bad Request", body), origin: null));

        Assert.Equal(code, finding.Code);
        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Equal("HTTP/1.1 400 Bad Request", finding.Evidence[0]);
        if (body is not null)
        {
            Assert.Contains($"body: {body}", finding.Evidence);
        }
    }

    [Fact]
    public void Version_header_on_a_refusal_names_the_version()
    {
        var head = Response(400, "Bad Request", null, ("Sec-WebSocket-Version", "8"));

        var finding = Assert.Single(StatusRules.Diagnose(ProbeTransport.WebSocket, WebSocketTarget, head, origin: null));

        Assert.Equal(FindingCodes.WebSocketVersionRejected, finding.Code);
        Assert.Contains("Sec-WebSocket-Version: 8", finding.Evidence);
    }

    [Fact]
    public void Forbidden_shows_the_origin_that_was_sent()
    {
        var finding = Assert.Single(StatusRules.Diagnose(ProbeTransport.WebSocket, WebSocketTarget, Response(403, "Forbidden"), "http://push.example:8080"));

        Assert.Equal(FindingCodes.Forbidden, finding.Code);
        Assert.Contains("Origin sent: http://push.example:8080", finding.Evidence);
        Assert.Contains("Origin", finding.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(401, FindingCodes.AuthRequired)]
    [InlineData(404, FindingCodes.NotFound)]
    [InlineData(405, FindingCodes.MethodNotAllowed)]
    [InlineData(426, FindingCodes.UpgradeRequired)]
    [InlineData(429, FindingCodes.TooManyRequests)]
    [InlineData(502, FindingCodes.BadGateway)]
    [InlineData(503, FindingCodes.Unavailable)]
    [InlineData(504, FindingCodes.GatewayTimeout)]
    [InlineData(500, FindingCodes.UnexpectedStatus)]
    public void Each_status_has_its_own_finding(int status, string code)
    {
        foreach (var (transport, target) in new[] { (ProbeTransport.WebSocket, WebSocketTarget), (ProbeTransport.Sse, SseTarget) })
        {
            var finding = Assert.Single(StatusRules.Diagnose(transport, target, Response(status, "Reason"), origin: null));
            Assert.Equal(code, finding.Code);
            Assert.NotEmpty(finding.Fix);
        }
    }

    [Fact]
    public void Ok_to_a_WebSocket_handshake_is_no_upgrade()
    {
        var head = Response(200, "OK", "<!DOCTYPE html>", ("Content-Type", "text/html"));

        var finding = Assert.Single(StatusRules.Diagnose(ProbeTransport.WebSocket, WebSocketTarget, head, origin: null));

        Assert.Equal(FindingCodes.WebSocketNotUpgraded, finding.Code);
        Assert.Contains("Content-Type: text/html", finding.Evidence);
    }

    [Fact]
    public void Doubled_slash_is_named_next_to_the_status()
    {
        var target = new Uri("ws://push.example/api//websocket/2222");

        var findings = StatusRules.Diagnose(ProbeTransport.WebSocket, target, Response(400, "Bad Request"), origin: null);

        Assert.Equal([FindingCodes.BadRequest, FindingCodes.DoubleSlash], findings.Select(f => f.Code));
        Assert.Contains("path: /api//websocket/2222", findings[1].Evidence);
    }
}
