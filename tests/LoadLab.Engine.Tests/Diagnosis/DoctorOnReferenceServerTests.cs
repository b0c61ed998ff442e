using System.Net;
using System.Net.Sockets;
using LoadLab.Engine.Diagnosis;
using LoadLab.Server;
using Microsoft.AspNetCore.Builder;
using static LoadLab.Engine.Tests.Diagnosis.DoctorBehindNginxTests;

namespace LoadLab.Engine.Tests.Diagnosis;

/// <summary>The doctor against the reference server itself, on Kestrel: healthy as served, and the mistakes a client makes.</summary>
public sealed class DoctorOnReferenceServerTests : IAsyncLifetime
{
    private WebApplication? _server;

    private Uri Address => _server!.GetListeningAddresses()[0];

    public async Task InitializeAsync()
    {
        _server = ReferenceServer.Build(new Dictionary<string, string?> { ["urls"] = "http://127.0.0.1:0", ["Logging:LogLevel:Default"] = "Warning" });
        await _server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server!.StopAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task WebSocket_is_healthy_with_subprotocol_pong_and_every_test_event_delivered()
    {
        var report = await DiagnoseAsync(WebSocket("/ws?topic=healthy-ws"), new Uri(Address, "/publish?topic=healthy-ws"));

        Assert.True(report.Healthy, string.Join("; ", report.Findings.Where(f => f.IsProblem).Select(f => f.Title)));
        Assert.Equal(ProbeTransport.WebSocket, report.Transport);
        Assert.Contains("Sec-WebSocket-Protocol: loadlab.v1", report.Findings.Single(f => f.Code == FindingCodes.WebSocketHandshake).Evidence);
        Assert.Contains("delivered 10 of 10", report.Findings.Single(f => f.Code == FindingCodes.WebSocketDelivery).Evidence[1], StringComparison.Ordinal);
        Assert.NotNull(report.Timings.PongMs);
        Assert.NotNull(report.Timings.FirstMessageMs);
    }

    [Fact]
    public async Task Sse_is_healthy_with_ids_and_every_test_event_delivered_and_notes_http1()
    {
        var report = await DiagnoseAsync(new Uri(Address, "/sse?topic=healthy-sse"), new Uri(Address, "/publish?topic=healthy-sse"));

        Assert.True(report.Healthy, string.Join("; ", report.Findings.Where(f => f.IsProblem).Select(f => f.Title)));
        Assert.Contains(report.Findings, f => f.Code == FindingCodes.SseDelivery);
        Assert.Equal(FindingSeverity.Info, report.Findings.Single(f => f.Code == FindingCodes.SseHttp1).Severity);
        Assert.DoesNotContain(report.Findings, f => f.Code == FindingCodes.SseNoId);
    }

    [Fact]
    public async Task Subprotocol_the_server_does_not_speak_is_a_mismatch()
    {
        var report = await ConnectionDoctor.DiagnoseAsync(
            new DoctorOptions { Target = WebSocket("/ws?topic=t"), SubProtocol = "chat.v2", Listen = TimeSpan.FromMilliseconds(300) }, CancellationToken.None);

        var finding = Problem(report, FindingCodes.WebSocketSubProtocolMismatch);
        Assert.Contains("asked for: chat.v2", finding.Evidence);
    }

    [Fact]
    public async Task Doubled_slash_in_the_path_is_named_next_to_the_404()
    {
        var report = await DiagnoseAsync(WebSocket("/api//ws?topic=t"));

        Assert.Equal(FindingSeverity.Error, Problem(report, FindingCodes.NotFound).Severity);
        Assert.Contains("path: /api//ws", Problem(report, FindingCodes.DoubleSlash).Evidence);
    }

    [Fact]
    public async Task Bad_request_shows_the_first_line_of_the_servers_reason()
    {
        var report = await DiagnoseAsync(new Uri(Address, "/sse"));

        Assert.Contains("body: missing query parameter 'topic' (for example ?topic=news)", Problem(report, FindingCodes.BadRequest).Evidence);
    }

    [Fact]
    public async Task Refused_connection_is_named_as_refused()
    {
        using var closed = ClosedPort();
        var report = await DiagnoseAsync(new Uri($"ws://127.0.0.1:{((IPEndPoint)closed.LocalEndPoint!).Port}/ws"));

        Assert.Equal(FindingCodes.ConnectRefused, Assert.Single(report.Findings).Code);
        Assert.False(report.Healthy);
    }

    private Uri WebSocket(string pathAndQuery) => new($"ws://{Address.Authority}{pathAndQuery}");

    /// <summary>
    /// A port that is bound but not listening, held for the whole test. A connect to it is refused, and no test running
    /// alongside can take the number in the meantime.
    /// </summary>
    private static Socket ClosedPort()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }
}
