using System.Text.RegularExpressions;

namespace LoadLab.Cli.Tests;

public sealed partial class CliProcessTests
{
    [Fact]
    public async Task Serve_listens_answers_health_and_stops_cleanly_on_SIGTERM()
    {
        using var cli = CliProcess.Start("serve", "--urls", "http://127.0.0.1:0");

        Uri? address = null;
        while (address is null && await cli.Output.ReadLineAsync().WaitAsync(CliProcess.Patience) is { } line)
        {
            var match = ListeningLine().Match(line);
            address = match.Success ? new Uri(match.Groups["address"].Value) : null;
        }

        Assert.NotNull(address);
        using var http = new HttpClient { BaseAddress = address, Timeout = CliProcess.Patience };
        Assert.Equal("ok\n", await http.GetStringAsync("/healthz"));

        cli.Terminate();
        Assert.Equal(0, await cli.WaitForExitAsync());
    }

    [Theory]
    [InlineData("serve --queue-size 0", "QueueSize")]
    [InlineData("serve --max-connections -1", "MaxConnections")]
    [InlineData("serve --heartbeat soon", "--heartbeat: 'soon' is not a duration")]
    [InlineData("serve --no-such-option", "--no-such-option")]
    [InlineData("no-such-command", "no-such-command")]
    [InlineData("run scenarios/quick.yaml --repeat 0", "--repeat must be between 1 and 100")]
    [InlineData("serve --urls http://0.0.0.0:0", "http://0.0.0.0:0 is not a loopback address and no publish token is set")]
    public async Task Bad_input_exits_2_with_a_reason_and_starts_nothing(string commandLine, string reason)
    {
        using var cli = CliProcess.Start(commandLine.Split(' '));
        var error = await cli.Error.ReadToEndAsync().WaitAsync(CliProcess.Patience);

        Assert.Equal(2, await cli.WaitForExitAsync());
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [GeneratedRegex("^LoadLab reference server on (?<address>http://\\S+)")]
    private static partial Regex ListeningLine();
}
