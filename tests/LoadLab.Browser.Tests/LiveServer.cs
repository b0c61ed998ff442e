using System.Net.Http.Json;
using System.Text;
using LoadLab.PushCore;
using LoadLab.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace LoadLab.Browser.Tests;

/// <summary>The real reference server on Kestrel, on an ephemeral 127.0.0.1 port.</summary>
internal sealed class LiveServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _http;

    private LiveServer(WebApplication app)
    {
        _app = app;
        Address = app.GetListeningAddresses().Single();
        _http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(20) };
    }

    public Uri Address { get; }

    public PushHub Hub => _app.Services.GetRequiredService<PushHub>();

    public static async Task<LiveServer> StartAsync(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?> { ["urls"] = "http://127.0.0.1:0", ["Logging:LogLevel:Default"] = "Warning" };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var app = ReferenceServer.Build(all);
        await app.StartAsync();
        return new LiveServer(app);
    }

    public async Task<long> PublishAsync(string topic, string payload)
    {
        using var response = await _http.PostAsync($"/publish?topic={Uri.EscapeDataString(topic)}", new StringContent(payload, Encoding.UTF8));
        response.EnsureSuccessStatusCode();
        var reply = await response.Content.ReadFromJsonAsync<PublishReply>();
        return reply!.Id;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed record PublishReply(string Topic, long Id);
}
