using LoadLab.Engine.Diagnosis;
using static LoadLab.Engine.Tests.Diagnosis.Observed;

namespace LoadLab.Engine.Tests.Diagnosis;

public sealed class SseRulesTests
{
    private static readonly ResponseHead EventStream = Response(200, "OK", null, ("Content-Type", "text/event-stream"));

    [Fact]
    public void Wrong_content_type_is_an_error_with_the_body_as_evidence()
    {
        var seen = new SseObservation(null, Response(200, "OK", "<!DOCTYPE html>", ("Content-Type", "text/html; charset=utf-8")), null, null);

        var finding = Assert.Single(SseRules.Diagnose(SseTarget, seen, Ms(5000)));

        Assert.Equal((FindingCodes.SseWrongContentType, FindingSeverity.Error), (finding.Code, finding.Severity));
        Assert.Contains("body: <!DOCTYPE html>", finding.Evidence);
    }

    [Fact]
    public void Compressed_stream_is_named()
    {
        var seen = new SseObservation(null, EventStream with { Headers = [.. EventStream.Headers, new("Content-Encoding", "gzip")] }, null, null);

        var finding = Assert.Single(SseRules.Diagnose(SseTarget, seen, Ms(5000)));

        Assert.Equal(FindingCodes.SseCompressed, finding.Code);
        Assert.Contains("Content-Encoding: gzip", finding.Evidence);
    }

    [Fact]
    public void Healthy_stream_over_http1_has_only_notes()
    {
        var seen = new SseObservation(null, EventStream, Stream([new ReceivedMessage(Ms(10), "1", "a")], heartbeats: 1), null);

        var findings = SseRules.Diagnose(SseTarget, seen, Ms(5000));

        Assert.Equal([FindingCodes.SseStream, FindingCodes.SseHttp1], findings.Select(f => f.Code));
        Assert.All(findings, f => Assert.Equal(FindingSeverity.Info, f.Severity));
    }

    [Fact]
    public void Events_without_id_make_resume_impossible()
    {
        var seen = new SseObservation(null, EventStream, Stream([new ReceivedMessage(Ms(10), null, "hello"), new ReceivedMessage(Ms(20), "2", "x")]), null);

        var finding = Assert.Single(SseRules.Diagnose(SseTarget, seen, Ms(5000)), f => f.Code == FindingCodes.SseNoId);

        Assert.StartsWith("1 of 2 events have no id", finding.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Stream_ended_after_an_idle_spell_is_an_idle_cut_with_a_heartbeat_under_it()
    {
        var seen = new SseObservation(null, EventStream, Stream([], endedAt: Ms(2000)), null);

        var finding = Assert.Single(SseRules.Diagnose(SseTarget, seen, Ms(5000)), f => f.Code == FindingCodes.SseIdleCut);

        Assert.Contains("nothing arrived for 2.00 s before the end", finding.Evidence);
        Assert.Contains("every 1.00 s", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Stream_ended_while_busy_is_not_an_idle_cut()
    {
        var seen = new SseObservation(null, EventStream, Stream([new ReceivedMessage(Ms(1900), "1", "a")], endedAt: Ms(2000)), null);

        Assert.Contains(SseRules.Diagnose(SseTarget, seen, Ms(5000)), f => f.Code == FindingCodes.SseEnded);
    }

    [Fact]
    public void Quiet_open_stream_notes_that_no_heartbeat_was_seen()
    {
        var seen = new SseObservation(null, EventStream, Stream([]), null);

        var finding = Assert.Single(SseRules.Diagnose(SseTarget, seen, Ms(5000)), f => f.Code == FindingCodes.SseNoHeartbeatSeen);

        Assert.Equal(FindingSeverity.Info, finding.Severity);
    }

    [Fact]
    public void No_response_while_events_were_published_is_buffering()
    {
        var seen = new SseObservation(new ConnectError(ConnectError.Timeout, "response", "nothing 5.00 s after the request"), null, null, TenEvents());

        var finding = Assert.Single(SseRules.Diagnose(SseTarget, seen, Ms(5000)));

        Assert.Equal(FindingCodes.SseBuffered, finding.Code);
    }

    [Theory]
    [InlineData(ConnectError.Refused, "connect", FindingCodes.ConnectRefused)]
    [InlineData(ConnectError.Dns, "connect", FindingCodes.ConnectDns)]
    [InlineData(ConnectError.Timeout, "connect", FindingCodes.ConnectTimeout)]
    [InlineData(ConnectError.Timeout, "response", FindingCodes.NoResponse)]
    [InlineData(ConnectError.Tls, "tls", FindingCodes.TlsFailed)]
    [InlineData(ConnectError.Reset, "response", FindingCodes.ConnectReset)]
    public void Connection_failures_are_named_by_kind_and_step(string kind, string step, string code)
    {
        var seen = new SseObservation(new ConnectError(kind, step, "message"), null, null, null);

        var finding = Assert.Single(SseRules.Diagnose(SseTarget, seen, Ms(5000)));

        Assert.Equal((code, FindingSeverity.Error), (finding.Code, finding.Severity));
        Assert.Contains($"{step}: message", finding.Evidence);
    }
}
