using LoadLab.Engine.Diagnosis;
using static LoadLab.Engine.Tests.Diagnosis.Observed;

namespace LoadLab.Engine.Tests.Diagnosis;

public sealed class RedirectRulesTests
{
    [Theory]
    [InlineData("/login?next=/ws", FindingCodes.RedirectLogin)]
    [InlineData("https://sso.example/oauth/authorize", FindingCodes.RedirectLogin)]
    [InlineData("https://push.example/ws?topic=t", FindingCodes.RedirectHttps)]
    [InlineData("/ws/?topic=t", FindingCodes.RedirectPath)]
    [InlineData("/app/ws?topic=t", FindingCodes.RedirectPath)]
    [InlineData("http://elsewhere.example/socket", FindingCodes.Redirect)]
    public void Redirect_is_named_by_where_it_leads(string location, string code)
    {
        var target = new Uri("ws://push.example/ws?topic=t");

        var finding = RedirectRules.Diagnose(ProbeTransport.WebSocket, target, Response(302, "Found", null, ("Location", location)));

        Assert.Equal(code, finding.Code);
        Assert.Contains($"Location: {location}", finding.Evidence);
    }

    [Fact]
    public void Relative_location_is_resolved_against_the_request()
    {
        var finding = RedirectRules.Diagnose(ProbeTransport.Sse, new Uri("http://push.example/events"), Response(301, "Moved Permanently", null, ("Location", "/app/events")));

        Assert.Contains("resolves to: http://push.example/app/events", finding.Evidence);
        Assert.Contains("/app", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Browsers_follow_an_SSE_redirect_but_not_a_WebSocket_one()
    {
        var head = Response(307, "Temporary Redirect", null, ("Location", "http://other.example/stream"));

        Assert.Equal(FindingSeverity.Error, RedirectRules.Diagnose(ProbeTransport.WebSocket, WebSocketTarget, head).Severity);
        Assert.Equal(FindingSeverity.Warning, RedirectRules.Diagnose(ProbeTransport.Sse, SseTarget, head).Severity);
    }

    [Fact]
    public void Login_redirect_is_an_error_for_SSE_too()
    {
        var finding = RedirectRules.Diagnose(ProbeTransport.Sse, SseTarget, Response(302, "Found", null, ("Location", "/login")));

        Assert.Equal(FindingSeverity.Error, finding.Severity);
    }
}
