using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Options;

namespace LoadLab.Server.Tests;

/// <summary>What the reference server refuses by default: open publishing beyond loopback, foreign origins, unauthenticated publishes once a token is set.</summary>
public sealed class SafeDefaultsTests
{
    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://*:5080")]
    [InlineData("http://+:5080")]
    [InlineData("http://127.0.0.1:0;http://192.168.1.10:5080")]
    [InlineData("http://[::]:0")]
    public void Listening_beyond_loopback_without_a_publish_token_is_refused_with_the_reason(string urls)
    {
        var refused = Assert.Throws<OptionsValidationException>(() => ReferenceServer.Build(new Dictionary<string, string?> { ["urls"] = urls }));

        Assert.Contains("is not a loopback address and no publish token is set", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--allow-anonymous-publish", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a url", "'not a url' is not an address to listen on")]
    [InlineData("http://127.0.0.1:99999", "'http://127.0.0.1:99999' is not an address to listen on")]
    [InlineData("ftp://127.0.0.1:21", "'ftp://127.0.0.1:21' is not an address to listen on")]
    [InlineData("127.0.0.1:5080", "'127.0.0.1:5080' is not an address to listen on")]
    [InlineData("http://127.0.0.1:0;nonsense", "'nonsense' is not an address to listen on")]
    [InlineData(" ; ", "no address to listen on")]
    public void An_address_Kestrel_cannot_listen_on_is_refused_with_the_reason_even_with_a_token(string urls, string reason)
    {
        // Kestrel would throw FormatException or ArgumentOutOfRangeException from StartAsync: a stack trace from 'loadlab serve'.
        var refused = Assert.Throws<OptionsValidationException>(() => ReferenceServer.Build(new Dictionary<string, string?> { ["urls"] = urls, ["Server:PublishToken"] = "s3cret" }));

        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Server:PublishToken", "s3cret")]
    [InlineData("Server:AllowAnonymousPublish", "true")]
    public async Task A_token_or_an_explicit_opt_out_lets_it_listen_beyond_loopback(string key, string value)
    {
        await using var app = ReferenceServer.Build(new Dictionary<string, string?> { ["urls"] = "http://0.0.0.0:0", [key] = value });
        Assert.NotNull(app);
    }

    [Fact]
    public async Task With_a_token_publish_needs_it_and_a_wrong_one_is_401()
    {
        await using var server = await RunningServer.StartAsync(("Server:PublishToken", "s3cret"));

        using var anonymous = await server.Http.PostAsync("/publish?topic=t", new StringContent("x"));
        using var wrong = await PostWithTokenAsync(server, "guess");
        using var right = await PostWithTokenAsync(server, "s3cret");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("Authorization: Bearer", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(1, PrometheusText.Parse(await server.ScrapeMetricsAsync())["loadlab_push_messages_published_total"]);
    }

    [Fact]
    public async Task With_a_token_the_admin_drop_needs_it_too()
    {
        await using var server = await RunningServer.StartAsync(("Server:PublishToken", "s3cret"));

        using var anonymous = await server.Http.PostAsync("/admin/drop?transport=ws&fraction=1", content: null);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/drop?transport=ws&fraction=1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret");
        using var authorized = await server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, authorized.StatusCode);
    }

    [Fact]
    public async Task With_a_token_a_WebSocket_without_it_receives_but_may_not_publish()
    {
        await using var server = await RunningServer.StartAsync(("Server:PublishToken", "s3cret"));
        using var socket = await server.ConnectWebSocketAsync("/ws?topic=t");

        await socket.SendAsync("sneaky"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);

        Assert.Null(await socket.ReceiveTextAsync());
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
        Assert.Equal(0, PrometheusText.Parse(await server.ScrapeMetricsAsync())["loadlab_push_messages_published_total"]);
    }

    [Fact]
    public async Task With_a_token_a_WebSocket_that_carries_it_may_publish()
    {
        await using var server = await RunningServer.StartAsync(("Server:PublishToken", "s3cret"));
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer s3cret");
        await socket.ConnectAsync(server.WebSocketUri("/ws?topic=t"), CancellationToken.None);

        await socket.SendAsync("hello"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);

        Assert.Equal("hello", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task A_foreign_origin_is_refused_with_403_and_counted_while_same_origin_listed_and_non_browser_clients_connect()
    {
        await using var server = await RunningServer.StartAsync(("Server:AllowedOrigins:0", "https://app.example"));

        var foreign = await Assert.ThrowsAsync<WebSocketException>(() => ConnectWithOriginAsync(server, "https://evil.example"));
        using var same = await ConnectWithOriginAsync(server, $"http://{server.Address.Authority}");
        using var listed = await ConnectWithOriginAsync(server, "https://app.example");
        using var noOrigin = await server.ConnectWebSocketAsync("/ws?topic=t");

        Assert.Contains("403", foreign.Message, StringComparison.Ordinal);
        Assert.Equal(WebSocketState.Open, same.State);
        Assert.Equal(WebSocketState.Open, listed.State);
        Assert.Equal(WebSocketState.Open, noOrigin.State);
        Assert.Equal(1, PrometheusText.Parse(await server.ScrapeMetricsAsync())["loadlab_websocket_origin_refused_total"]);
    }

    private static async Task<HttpResponseMessage> PostWithTokenAsync(RunningServer server, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/publish?topic=t") { Content = new StringContent("x", Encoding.UTF8) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await server.Http.SendAsync(request);
    }

    private static async Task<ClientWebSocket> ConnectWithOriginAsync(RunningServer server, string origin)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", origin);
        try
        {
            using var timeout = new CancellationTokenSource(RunningServer.Patience);
            await socket.ConnectAsync(server.WebSocketUri("/ws?topic=t"), timeout.Token);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
