using LoadLab.Engine.Diagnosis;
using static LoadLab.Engine.Tests.Diagnosis.Observed;

namespace LoadLab.Engine.Tests.Diagnosis;

public sealed class WebSocketRulesTests
{
    private static WebSocketObservation Opened(string? requested, string? chosen) => new(null,
        chosen is null ? Response(101, "Switching Protocols") : Response(101, "Switching Protocols", null, ("Sec-WebSocket-Protocol", chosen)), null)
    {
        RequestedSubProtocol = requested,
        AcceptValid = true,
        PongAfter = Ms(1),
        Stream = Stream([], heartbeats: 1),
    };

    [Fact]
    public void Opened_with_the_subprotocol_asked_for_is_healthy()
    {
        var findings = WebSocketRules.Diagnose(WebSocketTarget, Opened("loadlab.v1", "loadlab.v1"), Ms(5000));

        Assert.Equal(FindingCodes.WebSocketHandshake, Assert.Single(findings).Code);
    }

    [Fact]
    public void Subprotocol_not_asked_for_is_an_error_browsers_fail_on()
    {
        var finding = Assert.Single(WebSocketRules.Diagnose(WebSocketTarget, Opened("loadlab.v1", "chat"), Ms(5000)), f => f.IsProblem);

        Assert.Equal((FindingCodes.WebSocketSubProtocolMismatch, FindingSeverity.Error), (finding.Code, finding.Severity));
    }

    [Fact]
    public void Subprotocol_asked_for_but_not_chosen_is_a_warning()
    {
        var finding = Assert.Single(WebSocketRules.Diagnose(WebSocketTarget, Opened("loadlab.v1", null), Ms(5000)), f => f.IsProblem);

        Assert.Equal((FindingCodes.WebSocketSubProtocolMismatch, FindingSeverity.Warning), (finding.Code, finding.Severity));
        Assert.Contains("--subprotocol none", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Unanswered_ping_is_named()
    {
        var finding = Assert.Single(WebSocketRules.Diagnose(WebSocketTarget, Opened(null, null) with { PongAfter = null }, Ms(5000)), f => f.IsProblem);

        Assert.Equal(FindingCodes.WebSocketNoPong, finding.Code);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Connection_that_ended_before_the_pong_was_due_is_not_called_unanswered(bool closeFrame)
    {
        var ended = Opened(null, null) with { PongAfter = null };
        ended = closeFrame
            ? ended with { Close = new CloseFrame(1008, "policy", Ms(500)) }
            : ended with { Stream = Stream([], endedAt: Ms(1500)) };

        var finding = Assert.Single(WebSocketRules.Diagnose(WebSocketTarget, ended, Ms(2000)), f => f.IsProblem);

        Assert.Equal(closeFrame ? FindingCodes.WebSocketClosedByServer : FindingCodes.WebSocketIdleCut, finding.Code);
    }

    [Fact]
    public void Ping_unanswered_for_the_whole_timeout_before_the_connection_ended_is_named()
    {
        var seen = Opened(null, null) with { PongAfter = null, Stream = Stream([], endedAt: Ms(2500)) };

        Assert.Contains(WebSocketRules.Diagnose(WebSocketTarget, seen, Ms(2000)), f => f.Code == FindingCodes.WebSocketNoPong);
    }

    [Fact]
    public void Close_frame_is_shown_with_code_meaning_and_reason()
    {
        var seen = Opened(null, null) with { Close = new CloseFrame(1008, "slow consumer", Ms(1500)) };

        var finding = Assert.Single(WebSocketRules.Diagnose(WebSocketTarget, seen, Ms(5000)), f => f.IsProblem);

        Assert.Equal(FindingCodes.WebSocketClosedByServer, finding.Code);
        Assert.Contains("1008 (policy violation)", finding.Title, StringComparison.Ordinal);
        Assert.Contains("reason: slow consumer", finding.Evidence);
    }

    [Fact]
    public void Connection_dropped_after_an_idle_spell_is_an_idle_cut()
    {
        var seen = Opened(null, null) with { Stream = Stream([], endedAt: Ms(2000)) };

        var finding = Assert.Single(WebSocketRules.Diagnose(WebSocketTarget, seen, Ms(5000)), f => f.IsProblem);

        Assert.Equal(FindingCodes.WebSocketIdleCut, finding.Code);
        Assert.Contains("ping", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_accept_key_is_an_error()
    {
        var finding = Assert.Single(WebSocketRules.Diagnose(WebSocketTarget, Opened(null, null) with { AcceptValid = false }, Ms(5000)));

        Assert.Equal(FindingCodes.WebSocketBadAccept, finding.Code);
    }
}
