using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using LoadLab.Engine.Running;

namespace LoadLab.Cli.Tests.Commands;

/// <summary><c>loadlab doctor</c> as a user runs it: the real program against the reference server on Kestrel.</summary>
public sealed class DoctorCommandTests : IAsyncLifetime
{
    private ITargetServer? _server;

    private Uri Address => _server!.Address;

    public async Task InitializeAsync() => _server = await InProcessReferenceServer.StartAsync(CancellationToken.None);

    public async Task DisposeAsync() => await _server!.DisposeAsync();

    [Fact]
    public async Task Healthy_endpoint_exits_0_and_says_so()
    {
        var (exit, output, _) = await CliProcess.RunAsync("doctor", $"ws://{Address.Authority}/ws?topic=cli", "--listen", "300ms");

        Assert.Equal(0, exit);
        Assert.Contains("ok    ws.handshake: The WebSocket opened", output, StringComparison.Ordinal);
        Assert.EndsWith("doctor: healthy", output.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Problem_exits_1_naming_it_with_evidence_and_fix()
    {
        var (exit, output, _) = await CliProcess.RunAsync("doctor", new Uri(Address, "/sse").ToString());

        Assert.Equal(1, exit);
        Assert.Contains("ERROR http.bad-request: 400 Bad Request", output, StringComparison.Ordinal);
        Assert.Contains("    body: missing query parameter 'topic'", output, StringComparison.Ordinal);
        Assert.Contains("  fix: ", output, StringComparison.Ordinal);
        Assert.EndsWith("doctor: 1 problem(s): http.bad-request", output.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_has_the_stable_fields()
    {
        using var closed = ClosedPort();
        var url = $"ws://127.0.0.1:{((IPEndPoint)closed.LocalEndPoint!).Port}/ws";

        var (exit, output, _) = await CliProcess.RunAsync("doctor", url, "--json");

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(url, root.GetProperty("url").GetString());
        Assert.Equal("websocket", root.GetProperty("transport").GetString());
        Assert.False(root.GetProperty("healthy").GetBoolean());
        var finding = Assert.Single(root.GetProperty("findings").EnumerateArray().ToList());
        Assert.Equal("connect.refused", finding.GetProperty("code").GetString());
        Assert.Equal("error", finding.GetProperty("severity").GetString());
        Assert.Equal(["code", "severity", "title", "evidence", "fix"], finding.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["connectMs", "tlsMs", "responseMs", "firstMessageMs", "pongMs", "totalMs"], root.GetProperty("timings").EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("doctor not-a-url", "'not-a-url' is not an absolute URL")]
    [InlineData("doctor ftp://host/ws", "scheme 'ftp' is not supported; use ws://, wss:// (WebSocket) or http://, https:// (SSE)")]
    [InlineData("doctor ws://host/ws --publish ws://host/publish", "--publish: 'ws://host/publish': scheme 'ws' is not supported")]
    [InlineData("doctor ws://host/ws --timeout 0s", "--timeout: 0s is out of range")]
    [InlineData("doctor ws://host/ws --listen soon", "--listen: 'soon' is not a duration")]
    [InlineData("doctor ws://host/ws --origin app.example.com", "--origin: 'app.example.com' is not an origin")]
    [InlineData("doctor", "url")]
    public async Task Bad_input_exits_2_with_one_clear_line(string commandLine, string reason)
    {
        var (exit, _, error) = await CliProcess.RunAsync(commandLine.Split(' '));

        Assert.Equal(2, exit);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

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
