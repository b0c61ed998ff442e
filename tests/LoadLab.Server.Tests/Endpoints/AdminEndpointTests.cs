using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using LoadLab.PushCore;
using LoadLab.Server.Endpoints;
using Microsoft.AspNetCore.Http;

namespace LoadLab.Server.Tests.Endpoints;

public sealed class AdminEndpointTests
{
    [Fact]
    public async Task Drop_cuts_the_fraction_of_a_transports_connections_and_counts_them()
    {
        await using var server = await RunningServer.StartAsync();
        var sockets = new List<ClientWebSocket>();
        for (var i = 0; i < 4; i++)
        {
            sockets.Add(await server.ConnectWebSocketAsync("/ws?topic=drop"));
        }

        await using var sse = await server.OpenSseAsync("/sse?topic=drop");
        await ReferenceServerTests.WaitForSubscribersAsync(server, expected: 5);

        using var response = await server.Http.PostAsync("/admin/drop?transport=ws&fraction=0.5", content: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new Reply("ws", 0.5, 2), await response.Content.ReadFromJsonAsync<Reply>());
        // Once the two cut connections have ended, the two kept ones get one more second to show they were not cut too.
        using var patience = new CancellationTokenSource(RunningServer.Patience);
        var endings = sockets.Select(socket => EndsAsync(socket, patience.Token)).ToList();
        var cut = 0;
        while (cut < 2 && endings.Count > 0)
        {
            var ending = await Task.WhenAny(endings);
            endings.Remove(ending);
            cut += await ending ? 1 : 0;
        }

        patience.CancelAfter(TimeSpan.FromSeconds(1));
        foreach (var ending in endings)
        {
            cut += await ending ? 1 : 0;
        }

        Assert.Equal(2, cut);
        var metrics = PrometheusText.Parse(await server.ScrapeMetricsAsync());
        Assert.Equal(2, metrics["loadlab_push_subscribers_dropped_total{transport=\"ws\"}"]);
        Assert.Equal(0, metrics["loadlab_push_subscribers_dropped_total{transport=\"sse\"}"]);
        Assert.Equal(1, metrics["loadlab_push_subscribers{transport=\"sse\"}"]);
        sockets.ForEach(socket => socket.Dispose());
    }

    [Theory]
    [InlineData("transport=tcp&fraction=1", "transport must be ws, sse or longpoll")]
    [InlineData("transport=ws&fraction=2", "fraction must be a number from 0 to 1")]
    [InlineData("transport=ws", "fraction must be a number from 0 to 1")]
    public async Task Drop_with_a_bad_transport_or_fraction_is_a_400_saying_which(string query, string reason)
    {
        await using var server = await RunningServer.StartAsync();
        using var response = await server.Http.PostAsync("/admin/drop?" + query, content: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void Drop_from_an_address_that_is_not_loopback_is_forbidden_and_cuts_nothing()
    {
        using var hub = new PushHub(new PushHubOptions());
        using var subscription = hub.Subscribe("t", Transport.WebSocket);
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.10");
        context.Request.QueryString = new QueryString("?transport=ws&fraction=1");

        var result = new AdminEndpoint(hub).Drop(context);

        Assert.Equal(StatusCodes.Status403Forbidden, Assert.IsAssignableFrom<IStatusCodeHttpResult>(result).StatusCode);
        Assert.Equal(SubscriberCloseReason.None, subscription.Subscriber.CloseReason);
    }

    /// <summary>Whether the server ended the connection (a cut or a close) rather than leaving it open.</summary>
    private static async Task<bool> EndsAsync(ClientWebSocket socket, CancellationToken patience)
    {
        try
        {
            var result = await socket.ReceiveAsync(new byte[256], patience);
            return result.MessageType == WebSocketMessageType.Close;
        }
        catch (WebSocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private sealed record Reply(string Transport, double Fraction, int Dropped);
}
