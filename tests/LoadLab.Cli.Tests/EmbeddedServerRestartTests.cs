using System.Diagnostics;
using System.Net;

namespace LoadLab.Cli.Tests;

/// <summary>
/// The embedded server of <c>loadlab run</c> is a child process; a scenario's <c>restartServer</c> fault kills it and
/// starts another. The engine's storm tests restart an in-process server; this is the real process, killed.
/// </summary>
public sealed class EmbeddedServerRestartTests
{
    [Fact]
    public async Task Restart_kills_the_server_process_and_starts_a_new_one_on_the_same_address_with_the_same_settings()
    {
        var settings = new Dictionary<string, string> { ["Server:MaxMessageSize"] = "100" };
        await using var server = await RunSetup.StartEmbeddedServerAsync([], settings, CancellationToken.None);
        using var http = new HttpClient();
        var publish = new Uri(server.Address, "/publish?topic=restart");
        Assert.Equal(1, await PublishedIdAsync(http, publish));
        Assert.Equal(2, await PublishedIdAsync(http, publish));
        using var first = Process.GetProcessById(server.ProcessId!.Value);

        Assert.True(server.CanRestart);
        await server.RestartAsync(TimeSpan.FromMilliseconds(100), CancellationToken.None);

        Assert.True(first.HasExited, "the first server process is still running");
        Assert.NotEqual(first.Id, server.ProcessId);
        // A new process: its ids start again at 1, on the same address; and it got the scenario's settings again.
        Assert.Equal(1, await PublishedIdAsync(http, publish));
        using var tooBig = await http.PostAsync(publish, new ByteArrayContent(new byte[101]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
    }

    private static async Task<long> PublishedIdAsync(HttpClient http, Uri publish)
    {
        using var response = await http.PostAsync(publish, new StringContent("x"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("id").GetInt64();
    }
}
