namespace LoadLab.Server.Tests.Endpoints;

public sealed class SseEndpointTests
{
    [Fact]
    public async Task Stream_is_event_stream_with_retry_and_unbuffered_headers()
    {
        await using var server = await RunningServer.StartAsync(("Server:SseRetry", "00:00:02"));
        using var response = await server.Http.GetAsync("/sse?topic=h", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.Equal("no", response.Headers.GetValues("X-Accel-Buffering").Single());

        await using var stream = await response.Content.ReadAsStreamAsync();
        var firstBytes = new byte["retry: 2000\n\n".Length];
        await stream.ReadExactlyAsync(firstBytes).AsTask().WaitAsync(RunningServer.Patience);
        Assert.Equal("retry: 2000\n\n", System.Text.Encoding.UTF8.GetString(firstBytes));
    }

    [Fact]
    public async Task Resume_with_Last_Event_ID_sends_the_rest_then_live_messages_with_no_gap_or_duplicate()
    {
        await using var server = await RunningServer.StartAsync();
        for (var i = 1; i <= 5; i++)
        {
            await server.PublishAsync("r", $"m{i}");
        }

        await using var sse = await server.OpenSseAsync("/sse?topic=r", lastEventId: "2");
        Assert.False(sse.Response.Headers.Contains("X-LoadLab-Resume-Gap"));
        await server.PublishAsync("r", "m6");

        for (var id = 3; id <= 6; id++)
        {
            var item = await sse.NextAsync();
            Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), item?.EventId);
            Assert.Equal($"m{id}", item?.Data);
        }
    }

    [Fact]
    public async Task Resume_from_the_lastEventId_query_parameter_works_like_the_header()
    {
        await using var server = await RunningServer.StartAsync();
        await server.PublishAsync("q", "a");
        await server.PublishAsync("q", "b");

        await using var sse = await server.OpenSseAsync("/sse?topic=q&lastEventId=1");
        var item = await sse.NextAsync();
        Assert.Equal(("2", "b"), (item?.EventId, item?.Data));
    }

    [Fact]
    public async Task Resume_after_an_id_older_than_the_ring_reports_the_gap_in_header_and_gap_event()
    {
        await using var server = await RunningServer.StartAsync(("Push:ReplaySize", "2"));
        for (var i = 1; i <= 5; i++)
        {
            await server.PublishAsync("g", $"m{i}");
        }

        await using var sse = await server.OpenSseAsync("/sse?topic=g", lastEventId: "1");
        Assert.Equal("requested-after=1; next-available=4", sse.Response.Headers.GetValues("X-LoadLab-Resume-Gap").Single());

        var gap = await sse.NextAsync();
        Assert.Equal("gap", gap?.EventType);
        Assert.Equal("""{"requestedAfterId":1,"nextAvailableId":4}""", gap?.Data);
        Assert.Equal("4", (await sse.NextAsync())?.EventId);
        Assert.Equal("5", (await sse.NextAsync())?.EventId);
    }

    [Fact]
    public async Task Idle_stream_gets_heartbeat_comments()
    {
        await using var server = await RunningServer.StartAsync(("Server:HeartbeatInterval", "00:00:00.050"));
        using var response = await server.Http.GetAsync("/sse?topic=idle", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        string? line;
        do
        {
            line = await reader.ReadLineAsync().WaitAsync(RunningServer.Patience);
        }
        while (line is not null && !line.StartsWith(':'));

        Assert.Equal(": heartbeat", line);
    }

    [Fact]
    public async Task Non_numeric_Last_Event_ID_is_a_400_with_the_reason()
    {
        await using var server = await RunningServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sse?topic=x");
        request.Headers.Add("Last-Event-ID", "abc");
        using var response = await server.Http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Last-Event-ID must be a non-negative integer", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_never_reads_is_cut_as_a_slow_consumer_and_holds_nothing_after()
    {
        await using var server = await RunningServer.StartAsync(
            ("Push:QueueSize", "1"), ("Push:Backpressure", "Disconnect"), ("Server:MaxMessageSize", "2000000"), ("Server:CloseTimeout", "00:00:00.200"));
        // Opened and never read again: what the server writes piles up in the socket buffers, then in its queue.
        await using var stuck = await server.OpenSseAsync("/sse?topic=stuck");
        await ReferenceServerTests.WaitForSubscribersAsync(server, expected: 1);

        var big = new string('s', 1_000_000);
        for (var i = 0; i < 200 && PrometheusText.Parse(await server.ScrapeMetricsAsync())["loadlab_push_slow_consumers_disconnected_total{transport=\"sse\"}"] == 0; i++)
        {
            using var publish = await server.Http.PostAsync("/publish?topic=stuck", new StringContent(big));
            publish.EnsureSuccessStatusCode();
        }

        Assert.Equal(1, PrometheusText.Parse(await server.ScrapeMetricsAsync())["loadlab_push_slow_consumers_disconnected_total{transport=\"sse\"}"]);
        using var timeout = new CancellationTokenSource(RunningServer.Patience);
        while (PrometheusText.Parse(await server.ScrapeMetricsAsync())["loadlab_connections_active"] > 0)
        {
            await Task.Delay(20, timeout.Token);
        }

        var metrics = PrometheusText.Parse(await server.ScrapeMetricsAsync());
        Assert.Equal(0, metrics["loadlab_push_subscribers{transport=\"sse\"}"]);
        Assert.Equal(0, metrics["loadlab_push_queue_depth"]);
    }
}
