using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Net.WebSockets;
using System.Text;
using LoadLab.Server;
using Microsoft.AspNetCore.Builder;

namespace LoadLab.Server.Tests;

/// <summary>The real reference server on Kestrel, on an ephemeral 127.0.0.1 port, with real clients.</summary>
internal sealed class RunningServer : IAsyncDisposable
{
    /// <summary>Bounds every wait of a test, so a bug fails the test instead of hanging the run.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private RunningServer(WebApplication app, Uri address)
    {
        App = app;
        Address = address;
        Http = new HttpClient { BaseAddress = address, Timeout = Patience };
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public HttpClient Http { get; }

    public static async Task<RunningServer> StartAsync(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?> { ["urls"] = "http://127.0.0.1:0", ["Logging:LogLevel:Default"] = "Warning" };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var app = ReferenceServer.Build(all);
        await app.StartAsync();
        return new RunningServer(app, app.GetListeningAddresses().Single());
    }

    public Uri WebSocketUri(string pathAndQuery) => new($"ws://{Address.Authority}{pathAndQuery}");

    public async Task<ClientWebSocket> ConnectWebSocketAsync(string pathAndQuery, string? subProtocol = null)
    {
        var socket = new ClientWebSocket();
        if (subProtocol is not null)
        {
            socket.Options.AddSubProtocol(subProtocol);
        }

        socket.Options.CollectHttpResponseDetails = true;
        using var timeout = new CancellationTokenSource(Patience);
        await socket.ConnectAsync(WebSocketUri(pathAndQuery), timeout.Token);
        return socket;
    }

    public async Task<long> PublishAsync(string topic, string payload)
    {
        using var response = await Http.PostAsync($"/publish?topic={topic}", new StringContent(payload, Encoding.UTF8));
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<PublishReply>();
        return body!.Id;
    }

    /// <summary>Opens an SSE stream and returns its events as they come.</summary>
    public async Task<SseStream> OpenSseAsync(string pathAndQuery, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var stream = await response.Content.ReadAsStreamAsync();
        return new SseStream(response, SseParser.Create(stream).EnumerateAsync().GetAsyncEnumerator());
    }

    public async Task<string> ScrapeMetricsAsync() => await Http.GetStringAsync("/metrics");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    private sealed record PublishReply(string Topic, long Id);
}

/// <summary>An open SSE response and its parsed events.</summary>
internal sealed class SseStream(HttpResponseMessage response, IAsyncEnumerator<SseItem<string>> events) : IAsyncDisposable
{
    public HttpResponseMessage Response => response;

    /// <summary>The next event, or null when the stream ended.</summary>
    public async Task<SseItem<string>?> NextAsync()
    {
        var next = events.MoveNextAsync().AsTask();
        return await next.WaitAsync(RunningServer.Patience) ? events.Current : null;
    }

    public async ValueTask DisposeAsync()
    {
        response.Dispose();
        try
        {
            await events.DisposeAsync();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or HttpRequestException or OperationCanceledException)
        {
            // The stream is already gone.
        }
    }
}
