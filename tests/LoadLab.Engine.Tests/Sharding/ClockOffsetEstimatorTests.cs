using LoadLab.Engine.Running;
using LoadLab.Engine.Sharding;
using Microsoft.AspNetCore.Builder;
using LoadLab.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace LoadLab.Engine.Tests.Sharding;

/// <summary>On loopback the agent and the server read one clock: the true offset is zero.</summary>
public sealed class ClockOffsetEstimatorTests
{
    [Fact]
    public async Task On_loopback_the_offset_is_about_zero_within_half_the_best_round_trip()
    {
        await using var server = await InProcessReferenceServer.StartAsync(CancellationToken.None);
        using var http = new HttpClient();

        var clock = await ClockOffsetEstimator.EstimateAsync(http, server.Address, 8, CancellationToken.None);

        Assert.Equal((ClockOffsetEstimator.TimeSource, 8), (clock.Source, clock.Samples));
        Assert.Equal(clock.RoundTripMs / 2, clock.UncertaintyMs, 6);
        Assert.True(clock.RoundTripMs > 0 && clock.RoundTripMs < 100, $"round trip {clock.RoundTripMs} ms");
        // The server read the same clock between t0 and t3: the estimate is within the uncertainty (plus clock-reading jitter).
        Assert.True(Math.Abs(clock.OffsetMs) <= clock.UncertaintyMs + 0.1, $"offset {clock.OffsetMs} ms ± {clock.UncertaintyMs} ms");
    }

    [Fact]
    public async Task A_server_without_time_is_read_from_its_Date_header_with_a_second_more_uncertainty()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapGet("/", () => TypedResults.Text("not LoadLab"));
        await app.StartAsync();
        using var http = new HttpClient();

        var clock = await ClockOffsetEstimator.EstimateAsync(http, app.GetListeningAddresses()[0], 3, CancellationToken.None);

        Assert.Equal(ClockOffsetEstimator.DateSource, clock.Source);
        // Kestrel renews its Date header once a second: CI once saw it 755 ms behind the middle of its second.
        Assert.InRange(clock.UncertaintyMs, 1000, 1100);
        Assert.True(Math.Abs(clock.OffsetMs) <= clock.UncertaintyMs, $"offset {clock.OffsetMs} ms ± {clock.UncertaintyMs} ms");
        await app.StopAsync();
    }
}
