using System.Net;
using System.Text.Json;

namespace LoadLab.Server.Tests.Endpoints;

public sealed class LongPollEndpointTests
{
    [Fact]
    public async Task Poll_answers_at_once_with_the_waiting_events_after_the_id()
    {
        await using var server = await RunningServer.StartAsync(("Server:LongPollTimeout", "00:05:00"));
        await server.PublishAsync("p", "one");
        await server.PublishAsync("p", "two");
        await server.PublishAsync("p", "three");

        using var response = await server.Http.GetAsync("/poll?topic=p&after=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var events = json.RootElement.EnumerateArray().Select(e => (e.GetProperty("id").GetInt64(), e.GetProperty("data").GetString())).ToList();
        Assert.Equal([(2L, "two"), (3L, "three")], events);
    }

    [Fact]
    public async Task Poll_answers_204_when_nothing_arrives_before_the_timeout()
    {
        await using var server = await RunningServer.StartAsync(("Server:LongPollTimeout", "00:00:00.200"));
        await server.PublishAsync("quiet", "old");

        using var response = await server.Http.GetAsync("/poll?topic=quiet&after=1");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task Waiting_poll_answers_with_the_next_message()
    {
        await using var server = await RunningServer.StartAsync(("Server:LongPollTimeout", "00:05:00"));
        var poll = server.Http.GetStringAsync("/poll?topic=w&after=0");
        await ReferenceServerTests.WaitForSubscribersAsync(server, expected: 1);

        await server.PublishAsync("w", "news");

        Assert.Equal("""[{"id":1,"data":"news"}]""", await poll.WaitAsync(RunningServer.Patience));
    }

    [Fact]
    public async Task Poll_after_an_id_older_than_the_ring_reports_the_gap()
    {
        await using var server = await RunningServer.StartAsync(("Push:ReplaySize", "1"));
        await server.PublishAsync("g", "a");
        await server.PublishAsync("g", "b");
        await server.PublishAsync("g", "c");

        using var response = await server.Http.GetAsync("/poll?topic=g&after=0");

        Assert.Equal("requested-after=0; next-available=3", response.Headers.GetValues("X-LoadLab-Resume-Gap").Single());
        Assert.Equal("""[{"id":3,"data":"c"}]""", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/poll", "missing query parameter 'topic'")]
    [InlineData("/poll?topic=a%20b", "topic name has a character that is not allowed")]
    [InlineData("/poll?topic=t&after=-1", "after must be a non-negative integer")]
    public async Task Bad_query_is_a_400_with_the_reason(string url, string reason)
    {
        await using var server = await RunningServer.StartAsync();
        using var response = await server.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
