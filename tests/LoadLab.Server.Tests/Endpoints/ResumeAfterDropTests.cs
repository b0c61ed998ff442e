using System.Net.WebSockets;
using LoadLab.Server.Endpoints;

namespace LoadLab.Server.Tests.Endpoints;

/// <summary>A connection cut by <c>/admin/drop</c>, then resumed where it was: nothing lost, nothing twice.</summary>
public sealed class ResumeAfterDropTests
{
    [Fact]
    public async Task WebSocket_cut_by_a_drop_resumes_with_since_and_the_instance_with_no_gap_or_duplicate()
    {
        await using var server = await RunningServer.StartAsync();
        using var first = await server.ConnectWebSocketAsync("/ws?topic=wsdrop", "loadlab.v1");
        var instance = first.HttpResponseHeaders![PushConnection.InstanceHeader].Single();
        await server.PublishAsync("wsdrop", "m1");
        await server.PublishAsync("wsdrop", "m2");
        Assert.Equal("""{"id":1,"data":"m1"}""", await first.ReceiveTextAsync());
        Assert.Equal("""{"id":2,"data":"m2"}""", await first.ReceiveTextAsync());

        using (var drop = await server.Http.PostAsync("/admin/drop?transport=ws&fraction=1", content: null))
        {
            drop.EnsureSuccessStatusCode();
        }

        await Assert.ThrowsAnyAsync<WebSocketException>(() => first.ReceiveTextAsync());
        await server.PublishAsync("wsdrop", "m3");

        using var resumed = new ClientWebSocket();
        resumed.Options.AddSubProtocol("loadlab.v1");
        resumed.Options.SetRequestHeader(PushConnection.InstanceHeader, instance);
        await resumed.ConnectAsync(server.WebSocketUri("/ws?topic=wsdrop&since=2"), CancellationToken.None);
        await server.PublishAsync("wsdrop", "m4");

        Assert.Equal("""{"id":3,"data":"m3"}""", await resumed.ReceiveTextAsync());
        Assert.Equal("""{"id":4,"data":"m4"}""", await resumed.ReceiveTextAsync());
    }

    [Fact]
    public async Task Sse_stream_cut_by_a_drop_resumes_after_last_event_id_with_no_gap_or_duplicate()
    {
        await using var server = await RunningServer.StartAsync();
        string lastEventId;
        await using (var stream = await server.OpenSseAsync("/sse?topic=ssedrop"))
        {
            await server.PublishAsync("ssedrop", "m1");
            lastEventId = (await stream.NextAsync())!.Value.EventId!;
            using var drop = await server.Http.PostAsync("/admin/drop?transport=sse&fraction=1", content: null);
            drop.EnsureSuccessStatusCode();
            Assert.True(await EndsAsync(stream));
        }

        await server.PublishAsync("ssedrop", "m2");
        await using var resumed = await server.OpenSseAsync("/sse?topic=ssedrop", lastEventId);
        await server.PublishAsync("ssedrop", "m3");

        var next = await resumed.NextAsync();
        var after = await resumed.NextAsync();
        Assert.Equal(("2", "m2"), (next?.EventId, next?.Data));
        Assert.Equal(("3", "m3"), (after?.EventId, after?.Data));
    }

    /// <summary>Whether the stream ended, cut or cleanly, instead of delivering another event.</summary>
    private static async Task<bool> EndsAsync(SseStream stream)
    {
        try
        {
            return await stream.NextAsync() is null;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            return true;
        }
    }

    [Fact]
    public async Task Resume_naming_another_server_instance_gets_a_gap_frame_and_every_held_message()
    {
        await using var server = await RunningServer.StartAsync();
        for (var i = 1; i <= 3; i++)
        {
            await server.PublishAsync("restarted", $"m{i}");
        }

        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("loadlab.v1");
        socket.Options.SetRequestHeader(PushConnection.InstanceHeader, "an-earlier-process");
        socket.Options.CollectHttpResponseDetails = true;
        await socket.ConnectAsync(server.WebSocketUri("/ws?topic=restarted&since=2"), CancellationToken.None);

        Assert.Equal("""{"gap":{"requestedAfterId":2,"nextAvailableId":1}}""", await socket.ReceiveTextAsync());
        Assert.Equal("""{"id":1,"data":"m1"}""", await socket.ReceiveTextAsync());
        Assert.Equal("""{"id":2,"data":"m2"}""", await socket.ReceiveTextAsync());
        Assert.Equal("""{"id":3,"data":"m3"}""", await socket.ReceiveTextAsync());
        Assert.NotEqual("an-earlier-process", socket.HttpResponseHeaders![PushConnection.InstanceHeader].Single());
    }
}
