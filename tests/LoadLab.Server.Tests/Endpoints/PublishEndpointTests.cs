using System.Net;
using System.Net.Http.Headers;

namespace LoadLab.Server.Tests.Endpoints;

public sealed class PublishEndpointTests
{
    [Fact]
    public async Task Publish_answers_with_the_topic_and_its_next_id()
    {
        await using var server = await RunningServer.StartAsync();
        using var response = await server.Http.PostAsync("/publish?topic=ids", new StringContent("x"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"topic":"ids","id":1}""", await response.Content.ReadAsStringAsync());
        Assert.Equal(2, await server.PublishAsync("ids", "y"));
    }

    [Fact]
    public async Task Oversized_body_is_413_and_nothing_is_published()
    {
        await using var server = await RunningServer.StartAsync(("Server:MaxMessageSize", "16"));
        using var response = await server.Http.PostAsync("/publish?topic=big", new ByteArrayContent(new byte[17]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("exceeds the limit of 16 bytes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, PrometheusText.Parse(await server.ScrapeMetricsAsync())["loadlab_push_messages_published_total"]);
    }

    [Fact]
    public async Task Oversized_chunked_body_without_length_is_413_too()
    {
        await using var server = await RunningServer.StartAsync(("Server:MaxMessageSize", "1024"));
        var content = new StreamContent(new MemoryStream(new byte[100_000]));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/publish?topic=big") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, PrometheusText.Parse(await server.ScrapeMetricsAsync())["loadlab_push_messages_published_total"]);
    }

    [Fact]
    public async Task Publish_without_topic_is_a_400_with_the_reason()
    {
        await using var server = await RunningServer.StartAsync();
        using var response = await server.Http.PostAsync("/publish", new StringContent("x"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("missing query parameter 'topic'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_with_a_configured_delay_is_still_delivered()
    {
        await using var server = await RunningServer.StartAsync(("Server:PublishDelay", "00:00:00.300"));
        await using var sse = await server.OpenSseAsync("/sse?topic=slow");
        await ReferenceServerTests.WaitForSubscribersAsync(server, expected: 1);

        var publishing = server.PublishAsync("slow", "late");

        Assert.Equal("late", (await sse.NextAsync())?.Data);
        Assert.Equal(1, await publishing);
    }
}
