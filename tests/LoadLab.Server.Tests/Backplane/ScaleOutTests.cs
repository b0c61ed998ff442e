using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using LoadLab.Tests.Redis;

namespace LoadLab.Server.Tests.Backplane;

/// <summary>Two reference servers on Kestrel behind one real Redis, as two instances behind a load balancer.</summary>
public sealed class ScaleOutTests(RedisFixture fixture) : IClassFixture<RedisFixture>
{
    private readonly string _prefix = RedisProcess.UniquePrefix();

    [Fact]
    public async Task Publish_through_one_instance_reaches_SSE_on_the_other_and_WebSocket_on_the_first_exactly_once()
    {
        await using var first = await StartInstanceAsync(fixture.Redis, _prefix);
        await using var second = await StartInstanceAsync(fixture.Redis, _prefix);
        await using var sse = await second.OpenSseAsync("/sse?topic=news");
        using var socket = await first.ConnectWebSocketAsync("/ws?topic=news");

        const int Count = 30;
        for (var i = 1; i <= Count; i++)
        {
            Assert.Equal(i, await first.PublishAsync("news", $"m{i}"));
        }

        for (var i = 1; i <= Count; i++)
        {
            var item = await sse.NextAsync();
            Assert.Equal((Id(i), $"m{i}"), (item?.EventId, item?.Data));
            Assert.Equal($"m{i}", await socket.ReceiveTextAsync());
        }

        // Nothing more: one more message is the next thing each client gets.
        await second.PublishAsync("news", "last");
        var after = await sse.NextAsync();
        Assert.Equal((Id(Count + 1), "last"), (after?.EventId, after?.Data));
        Assert.Equal("last", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task SSE_and_loadlab_v1_WebSocket_resume_on_the_other_instance_with_no_gap_and_no_duplicate()
    {
        await using var first = await StartInstanceAsync(fixture.Redis, _prefix);
        await using var second = await StartInstanceAsync(fixture.Redis, _prefix);
        long lastSeen;
        string issuer;
        await using (var sse = await first.OpenSseAsync("/sse?topic=r"))
        {
            issuer = sse.Response.Headers.GetValues("X-LoadLab-Instance").Single();
            for (var i = 1; i <= 10; i++)
            {
                await second.PublishAsync("r", $"m{i}");
            }

            System.Net.ServerSentEvents.SseItem<string>? item = null;
            for (var i = 1; i <= 6; i++)
            {
                item = await sse.NextAsync();
            }

            lastSeen = long.Parse(item!.Value.EventId!, CultureInfo.InvariantCulture);
        }

        Assert.Equal(6, lastSeen);
        await first.PublishAsync("r", "m11");

        // The SSE client comes back through the load balancer to the other instance, naming the instance that
        // issued its id as the engine's clients do: instances on one backplane share that name, so it is exact.
        await using var resumed = await second.OpenSseAsync($"/sse?topic=r&instance={Uri.EscapeDataString(issuer)}", lastEventId: "6");
        Assert.Equal(issuer, resumed.Response.Headers.GetValues("X-LoadLab-Instance").Single());
        Assert.False(resumed.Response.Headers.Contains("X-LoadLab-Resume-Gap"));
        using var socket = await first.ConnectWebSocketAsync("/ws?topic=r&since=8", "loadlab.v1");
        await second.PublishAsync("r", "m12");

        for (var i = 7; i <= 12; i++)
        {
            var item = await resumed.NextAsync();
            Assert.Equal((Id(i), $"m{i}"), (item?.EventId, item?.Data));
        }

        for (var i = 9; i <= 12; i++)
        {
            Assert.Equal($$"""{"id":{{i}},"data":"m{{i}}"}""", await socket.ReceiveTextAsync());
        }

        await first.PublishAsync("r", "m13");
        Assert.Equal(Id(13), (await resumed.NextAsync())?.EventId);
        Assert.Equal("""{"id":13,"data":"m13"}""", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task Ids_Redis_no_longer_holds_are_counted_as_lost_and_a_resume_into_them_is_told_about_the_gap()
    {
        await using var first = await StartInstanceAsync(fixture.Redis, _prefix);
        await using var second = await StartInstanceAsync(fixture.Redis, _prefix);
        await using var sse = await second.OpenSseAsync("/sse?topic=h");
        await first.PublishAsync("h", "m1");
        Assert.Equal("1", (await sse.NextAsync())?.EventId);

        // As if id 2 had been issued and trimmed from the stream before either instance fetched it.
        await using (var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(fixture.Redis.Configuration))
        {
            await redis.GetDatabase().StringIncrementAsync($"{_prefix}{{h}}:seq");
        }

        await first.PublishAsync("h", "m3");
        var third = await sse.NextAsync();
        Assert.Equal(("3", "m3"), (third?.EventId, third?.Data));

        await using var resumed = await second.OpenSseAsync("/sse?topic=h", lastEventId: "1");
        Assert.Equal("requested-after=1; next-available=3", resumed.Response.Headers.GetValues("X-LoadLab-Resume-Gap").Single());
        Assert.Equal("gap", (await resumed.NextAsync())?.EventType);
        Assert.Equal("3", (await resumed.NextAsync())?.EventId);

        var metrics = PrometheusText.Parse(await second.ScrapeMetricsAsync());
        Assert.Equal(1, metrics["loadlab_backplane_messages_lost_total"]);
        Assert.Equal(1, PrometheusText.Parse(await first.ScrapeMetricsAsync())["loadlab_backplane_messages_lost_total"]);
    }

    [Fact]
    public async Task Redis_stopped_and_restarted_mid_stream_is_reported_publishing_answers_503_and_delivery_resumes()
    {
        await using var redis = await RedisProcess.StartAsync();
        await using var first = await StartInstanceAsync(redis, _prefix);
        await using var second = await StartInstanceAsync(redis, _prefix);
        await using var sse = await second.OpenSseAsync("/sse?topic=o");
        for (var i = 1; i <= 5; i++)
        {
            await first.PublishAsync("o", $"m{i}");
        }

        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal(Id(i), (await sse.NextAsync())?.EventId);
        }

        await redis.StopAsync();

        foreach (var instance in new[] { first, second })
        {
            var health = await WaitForHealthAsync(instance, HttpStatusCode.ServiceUnavailable);
            Assert.StartsWith("backplane redis unreachable: ", health, StringComparison.Ordinal);
            Assert.Equal(0, PrometheusText.Parse(await instance.ScrapeMetricsAsync())["loadlab_backplane_connected"]);
        }

        using (var refused = await first.Http.PostAsync("/publish?topic=o", new StringContent("during the outage")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.True(refused.Headers.Contains("Retry-After"));
            Assert.Contains("nothing was published", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Redis comes back empty (no persistence): the instances raise the sequence again to what they delivered.
        await redis.StartAgainAsync();
        foreach (var instance in new[] { first, second })
        {
            Assert.Equal("ok\n", await WaitForHealthAsync(instance, HttpStatusCode.OK));
        }

        Assert.Equal(6, await first.PublishAsync("o", "m6"));
        var next = await sse.NextAsync();
        Assert.Equal(("6", "m6"), (next?.EventId, next?.Data));

        var metrics = PrometheusText.Parse(await first.ScrapeMetricsAsync());
        Assert.Equal(1, metrics["loadlab_backplane_connected"]);
        Assert.True(metrics["loadlab_backplane_reconnects_total"] >= 1);
        Assert.True(metrics["loadlab_backplane_publishes_refused_total"] >= 1);
        Assert.Equal(0, metrics["loadlab_backplane_messages_lost_total"]);
    }

    [Fact]
    public async Task A_server_whose_Redis_cannot_be_reached_does_not_start_and_says_why()
    {
        await using var redis = await RedisProcess.StartAsync();
        await redis.StopAsync();
        var failure = await Assert.ThrowsAsync<LoadLab.PushCore.BackplaneUnavailableException>(() => StartInstanceAsync(redis, _prefix));
        Assert.Contains(redis.Configuration, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_Redis_settings_stop_the_server_before_it_listens_naming_the_key()
    {
        var failure = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => RunningServer.StartAsync(
            ("Push:Backplane", "redis"),
            ("Push:Redis:StreamLength", "0")));
        Assert.Contains("Push:Redis: ", string.Join("; ", failure.Failures), StringComparison.Ordinal);
        Assert.Contains("StreamLength", string.Join("; ", failure.Failures), StringComparison.Ordinal);
    }

    private static async Task<RunningServer> StartInstanceAsync(RedisProcess redis, string prefix) => await RunningServer.StartAsync(
        ("Push:Backplane", "redis"),
        ("Push:Redis:Configuration", redis.Configuration),
        ("Push:Redis:KeyPrefix", prefix));

    /// <summary>Polls /healthz until it answers <paramref name="status"/> (bounded), and returns its body.</summary>
    private static async Task<string> WaitForHealthAsync(RunningServer instance, HttpStatusCode status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(40);
        while (true)
        {
            using var response = await instance.Http.GetAsync("/healthz");
            if (response.StatusCode == status)
            {
                return await response.Content.ReadAsStringAsync();
            }

            Assert.True(DateTime.UtcNow < deadline, $"/healthz still answers {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(100);
        }
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
