namespace LoadLab.Server.Tests.Endpoints;

public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_parse_as_prometheus_text_and_include_process_figures()
    {
        await using var server = await RunningServer.StartAsync();
        using var response = await server.Http.GetAsync("/metrics");

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var metrics = PrometheusText.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(metrics["process_resident_memory_bytes"] > 0);
        Assert.True(metrics["process_cpu_seconds_total"] > 0);
        Assert.True(metrics["dotnet_gc_heap_size_bytes"] >= 0);
        foreach (var transport in new[] { "ws", "sse", "longpoll" })
        {
            Assert.True(metrics.ContainsKey($"loadlab_push_subscribers{{transport=\"{transport}\"}}"));
            Assert.True(metrics.ContainsKey($"loadlab_push_messages_delivered_total{{transport=\"{transport}\"}}"));
        }
    }

    [Fact]
    public async Task Counters_move_with_subscribers_publishes_and_deliveries()
    {
        await using var server = await RunningServer.StartAsync();
        var before = PrometheusText.Parse(await server.ScrapeMetricsAsync());
        await using var sse = await server.OpenSseAsync("/sse?topic=m");
        await ReferenceServerTests.WaitForSubscribersAsync(server, expected: 1);

        await server.PublishAsync("m", "a");
        await server.PublishAsync("m", "b");
        Assert.NotNull(await sse.NextAsync());
        Assert.NotNull(await sse.NextAsync());

        var after = await WaitForAsync(server, m => m["loadlab_push_messages_delivered_total{transport=\"sse\"}"] >= 2);
        Assert.Equal(0, before["loadlab_push_messages_published_total"]);
        Assert.Equal(2, after["loadlab_push_messages_published_total"]);
        Assert.Equal(2, after["loadlab_push_messages_delivered_total{transport=\"sse\"}"]);
        Assert.Equal(1, after["loadlab_push_subscribers{transport=\"sse\"}"]);
        Assert.Equal(1, after["loadlab_connections_active"]);
        Assert.Equal(0, after["loadlab_push_queue_depth"]);
    }

    /// <summary>Delivery is counted after the flush returns, a moment after the client may already have read the event.</summary>
    private static async Task<IReadOnlyDictionary<string, double>> WaitForAsync(RunningServer server, Func<IReadOnlyDictionary<string, double>, bool> condition)
    {
        using var timeout = new CancellationTokenSource(RunningServer.Patience);
        while (true)
        {
            var metrics = PrometheusText.Parse(await server.ScrapeMetricsAsync());
            if (condition(metrics))
            {
                return metrics;
            }

            await Task.Delay(20, timeout.Token);
        }
    }
}
