using System.Globalization;
using System.Net;

namespace LoadLab.Server.Tests.Endpoints;

public sealed class TimeEndpointTests
{
    [Fact]
    public async Task Time_answers_the_server_clock_in_microseconds_since_the_epoch_as_plain_text()
    {
        await using var server = await RunningServer.StartAsync();
        var before = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks / 10;

        using var response = await server.Http.GetAsync("/time");
        var after = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks / 10;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var microseconds = long.Parse((await response.Content.ReadAsStringAsync()).Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
        Assert.InRange(microseconds, before, after);
    }
}
