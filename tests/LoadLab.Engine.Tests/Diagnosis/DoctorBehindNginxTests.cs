using LoadLab.Engine.Diagnosis;

namespace LoadLab.Engine.Tests.Diagnosis;

/// <summary>The doctor against the reference server behind a real nginx, one misconfiguration per location (see <see cref="NginxProxy"/>).</summary>
public sealed class DoctorBehindNginxTests(ProxiedReferenceServer server) : IClassFixture<ProxiedReferenceServer>
{
    [Fact]
    public async Task Proxy_without_upgrade_headers_is_named_as_stripping_them_with_the_servers_reason()
    {
        var report = await DiagnoseAsync(server.Proxy.WebSocket("/plain/ws?topic=stripped"));

        var finding = Problem(report, FindingCodes.WebSocketUpgradeHeadersStripped);
        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Contains("HTTP/1.1 400 Bad Request", finding.Evidence);
        Assert.Contains(finding.Evidence, line => line.StartsWith("Server: nginx", StringComparison.Ordinal));
        Assert.Contains(finding.Evidence, line => line.Contains("header 'Upgrade: websocket' is missing", StringComparison.Ordinal));
        Assert.Contains("proxy_set_header Upgrade $http_upgrade", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Buffering_proxy_is_named_from_events_sent_steadily_that_arrive_in_a_burst()
    {
        var report = await DiagnoseAsync(server.Proxy.Http("/buffered/sse?topic=buffered"), server.Publish("buffered"));

        var finding = Problem(report, FindingCodes.SseBuffered);
        Assert.Contains(finding.Evidence, line => line.Contains("after the server acknowledged them, in ", StringComparison.Ordinal));
        Assert.Contains("proxy_buffering off", finding.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain(report.Findings, f => f.Code == FindingCodes.SseDelivery);
    }

    [Theory]
    [InlineData("ws")]
    [InlineData("sse")]
    public async Task Redirect_to_a_login_page_is_named_with_its_location(string transport)
    {
        var target = transport == "ws" ? server.Proxy.WebSocket("/protected/ws?topic=t") : server.Proxy.Http("/protected/sse?topic=t");
        var report = await DiagnoseAsync(target);

        var finding = Problem(report, FindingCodes.RedirectLogin);
        Assert.Contains("HTTP/1.1 302 Moved Temporarily", finding.Evidence);
        Assert.Contains($"Location: {server.Proxy.Http("/login")}", finding.Evidence);
    }

    [Theory]
    [InlineData("ws", FindingCodes.WebSocketIdleCut)]
    [InlineData("sse", FindingCodes.SseIdleCut)]
    public async Task Stream_cut_by_a_short_proxy_read_timeout_is_an_idle_cut_with_a_heartbeat_to_set(string transport, string code)
    {
        var target = transport == "ws" ? server.Proxy.WebSocket("/idle/ws?topic=idle") : server.Proxy.Http("/idle/sse?topic=idle");
        var report = await DiagnoseAsync(target, listen: TimeSpan.FromSeconds(4));

        var finding = Problem(report, code);
        Assert.Contains("heartbeats received: 0, messages: 0", finding.Evidence);
        Assert.Contains("--heartbeat 1s", finding.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("https://evil.example")]
    public async Task Origin_refused_shows_the_origin_sent(string? origin)
    {
        var target = server.Proxy.WebSocket("/origin-checked/ws?topic=t");
        var report = await ConnectionDoctor.DiagnoseAsync(new DoctorOptions { Target = target, Origin = origin, Listen = TimeSpan.FromSeconds(1) }, CancellationToken.None);

        var finding = Problem(report, FindingCodes.Forbidden);
        Assert.Contains($"Origin sent: {origin ?? $"http://{target.Authority}"}", finding.Evidence);
        Assert.Contains("body: Origin not allowed", finding.Evidence);
    }

    [Fact]
    public async Task Compressed_stream_is_named_when_offered_compression_as_a_browser_does()
    {
        var report = await DiagnoseAsync(server.Proxy.Http("/gzip/sse?topic=gzip"));

        Assert.Contains("Content-Encoding: gzip", Problem(report, FindingCodes.SseCompressed).Evidence);
    }

    [Theory]
    [InlineData("ws", FindingCodes.WebSocketDelivery)]
    [InlineData("sse", FindingCodes.SseDelivery)]
    public async Task Proxy_configured_for_push_is_healthy(string transport, string delivery)
    {
        var topic = $"good-{transport}";
        var target = transport == "ws" ? server.Proxy.WebSocket($"/good/ws?topic={topic}") : server.Proxy.Http($"/good/sse?topic={topic}");
        var report = await DiagnoseAsync(target, server.Publish(topic));

        Assert.True(report.Healthy, string.Join("; ", report.Findings.Where(f => f.IsProblem).Select(f => f.Title)));
        Assert.Contains(report.Findings, f => f.Code == delivery);
    }

    internal static Task<DoctorReport> DiagnoseAsync(Uri target, Uri? publish = null, TimeSpan? listen = null) =>
        ConnectionDoctor.DiagnoseAsync(
            new DoctorOptions { Target = target, Publish = publish, Listen = listen ?? TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromSeconds(5) },
            CancellationToken.None);

    internal static Finding Problem(DoctorReport report, string code)
    {
        Assert.False(report.Healthy);
        return Assert.Single(report.Findings, f => f.Code == code);
    }
}
