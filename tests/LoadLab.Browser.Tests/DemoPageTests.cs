using System.Text.Json;
using LoadLab.PushCore;
using Microsoft.Playwright;

namespace LoadLab.Browser.Tests;

/// <summary>The server's <c>/demo</c> page in real Chromium: the browser's own EventSource and WebSocket.</summary>
[Collection(SharedChromium.Name)]
public sealed class DemoPageTests(Chromium chromium)
{
    private const string Hostile = "<img src=x onerror=\"window.__xss='demo'\"><script>window.__xss='demo'</script>";

    [Fact]
    public async Task Messages_published_to_the_server_arrive_in_the_page_over_both_transports_as_text()
    {
        await using var server = await LiveServer.StartAsync();
        await using var browser = await chromium.OpenAsync($"{server.Address}demo?topic=news");
        await WaitForAsync(browser.Page, "loadlabDemo.sseOpens >= 1 && loadlabDemo.wsOpen");

        string[] payloads = ["one", "two", Hostile, "ünïcode ✓", "five"];
        foreach (var payload in payloads)
        {
            await server.PublishAsync("news", payload);
        }

        await WaitForAsync(browser.Page, "loadlabDemo.sse.length >= 5 && loadlabDemo.ws.length >= 5");
        var sse = await ReceivedAsync(browser.Page, "sse");
        var ws = await ReceivedAsync(browser.Page, "ws");
        Assert.Equal(Enumerable.Range(1, 5).Select(id => ((long)id, payloads[id - 1])), sse);
        Assert.Equal(sse, ws);

        // The hostile payload is shown as text and ran nowhere.
        Assert.Contains("<script>window.__xss", await browser.Page.InnerTextAsync("#sse"), StringComparison.Ordinal);
        Assert.Equal("undefined", await browser.Page.EvaluateAsync<string>("typeof window.__xss"));
        Assert.Empty(browser.Errors);
        await browser.ScreenshotAsync("demo-page");
    }

    [Fact]
    public async Task When_the_server_drops_the_stream_EventSource_reconnects_with_Last_Event_ID_and_shows_no_gap_and_no_duplicate()
    {
        await using var server = await LiveServer.StartAsync(("Server:SseRetry", "00:00:00.200"));
        await using var browser = await chromium.OpenAsync($"{server.Address}demo?topic=drop");
        var streams = new List<IRequest>();
        browser.Page.Request += (_, request) =>
        {
            if (request.Url.Contains("/sse?", StringComparison.Ordinal))
            {
                lock (streams)
                {
                    streams.Add(request);
                }
            }
        };
        await WaitForAsync(browser.Page, "loadlabDemo.sseOpens >= 1");
        for (var i = 1; i <= 3; i++)
        {
            await server.PublishAsync("drop", $"before {i}");
        }

        await WaitForAsync(browser.Page, "loadlabDemo.sse.length >= 3");

        // The server cuts every SSE stream (as /admin/drop does); what is published before the browser is back must still arrive.
        Assert.Equal(1, server.Hub.Drop(Transport.Sse, 1.0));
        for (var i = 1; i <= 3; i++)
        {
            await server.PublishAsync("drop", $"while away {i}");
        }

        await WaitForAsync(browser.Page, "loadlabDemo.sseOpens >= 2");
        IRequest reconnect;
        lock (streams)
        {
            reconnect = streams[^1];
        }

        // The browser's own EventSource resumed: its new request carries the id of the last event it got.
        Assert.Equal("3", await reconnect.HeaderValueAsync("last-event-id"));
        for (var i = 1; i <= 3; i++)
        {
            await server.PublishAsync("drop", $"after {i}");
        }

        await WaitForAsync(browser.Page, "loadlabDemo.sse.length >= 9");
        var sse = await ReceivedAsync(browser.Page, "sse");
        Assert.Equal(Enumerable.Range(1, 9).Select(id => (long)id), sse.Select(message => message.Id));
        Assert.Equal(["while away 1", "while away 2", "while away 3"], sse.Skip(3).Take(3).Select(message => message.Data));
        Assert.Empty(await browser.Page.EvaluateAsync<JsonElement[]>("loadlabDemo.gaps"));
        // The cut itself is logged by Chromium (net::ERR_CONNECTION_RESET); nothing else may be.
        Assert.DoesNotContain(browser.Errors, error => !error.Contains("net::ERR_", StringComparison.Ordinal));
    }

    private static async Task WaitForAsync(IPage page, string condition) =>
        await page.WaitForFunctionAsync($"() => window.loadlabDemo && ({condition})", null, new PageWaitForFunctionOptions { Timeout = 20_000 });

    private static async Task<List<(long Id, string Data)>> ReceivedAsync(IPage page, string transport)
    {
        var messages = await page.EvaluateAsync<JsonElement>($"loadlabDemo.{transport}");
        return [.. messages.EnumerateArray().Select(message => (message.GetProperty("id").GetInt64(), message.GetProperty("data").GetString()!))];
    }
}
