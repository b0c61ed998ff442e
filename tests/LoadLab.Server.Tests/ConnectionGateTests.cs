using System.Net;

namespace LoadLab.Server.Tests;

public sealed class ConnectionGateTests
{
    [Fact]
    public async Task Connections_past_the_maximum_get_503_with_Retry_After_and_held_ones_keep_working()
    {
        await using var server = await RunningServer.StartAsync(("Server:MaxConnections", "1"), ("Server:RetryAfter", "00:00:03"));
        await using var held = await server.OpenSseAsync("/sse?topic=full");

        using var refused = await server.Http.GetAsync("/sse?topic=full", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), refused.Headers.RetryAfter?.Delta);
        Assert.Contains("Server:MaxConnections", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, PrometheusText.Parse(await server.ScrapeMetricsAsync())["loadlab_connections_rejected_total"]);

        await server.PublishAsync("full", "still served");
        Assert.Equal("still served", (await held.NextAsync())?.Data);
    }
}
