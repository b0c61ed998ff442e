using System.Text.RegularExpressions;
using LoadLab.Results;
using LoadLab.Results.Tests;

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
    [InlineData("run scenarios/quick.yaml --repeat abc", "--repeat must be between 1 and 100, got 'abc'")]
    [InlineData("serve --urls http://0.0.0.0:0", "http://0.0.0.0:0 is not a loopback address and no publish token is set")]
    public async Task Bad_input_exits_2_with_a_reason_and_starts_nothing(string commandLine, string reason)
    {
        using var cli = CliProcess.Start(commandLine.Split(' '));
        var error = await cli.Error.ReadToEndAsync().WaitAsync(CliProcess.Patience);

        Assert.Equal(2, await cli.WaitForExitAsync());
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a url", "'not a url' is not an address to listen on")]
    [InlineData("http://127.0.0.1:99999", "'http://127.0.0.1:99999' is not an address to listen on")]
    public async Task Serve_on_an_address_it_cannot_listen_on_exits_2_with_the_reason_even_with_a_token(string urls, string reason)
    {
        // Kestrel threw FormatException or ArgumentOutOfRangeException out of StartAsync: a stack trace and exit 1.
        var (exit, _, error) = await CliProcess.RunAsync("serve", "--urls", urls, "--publish-token", "s3cret");

        Assert.Equal(2, exit);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_on_a_port_in_use_exits_2_saying_so_in_one_line_without_the_hosts_stack_trace()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        var (exit, output, error) = await CliProcess.RunAsync("serve", "--urls", $"http://127.0.0.1:{port}");

        Assert.Equal(2, exit);
        Assert.Contains($"loadlab serve: cannot listen: Failed to bind to address http://127.0.0.1:{port}: address already in use.", error, StringComparison.Ordinal);
        // The host's log goes to standard output: it printed "Hosting failed to start" and 30 lines of stack there.
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Damaged_files_and_wrong_values_exit_2_with_a_reason_never_a_stack_trace()
    {
        var folder = Directory.CreateTempSubdirectory("loadlab-hostile-cli-").FullName;
        try
        {
            var binary = Path.Combine(folder, "binary.yaml");
            await File.WriteAllBytesAsync(binary, [0x00, 0xFF, 0xFE, 0x7B, 0x5B, 0x0A, 0x3A, 0x3A]);
            var truncated = Path.Combine(folder, "truncated.json");
            await File.WriteAllTextAsync(truncated, "{\"schemaVersion\": 1, \"runId\": \"x\", \"runs\": [");
            var huge = Path.Combine(folder, "huge.json");
            await File.WriteAllTextAsync(huge, "{\"schemaVersion\": 1e999}");
            var deep = Path.Combine(folder, "deep.yaml");
            await File.WriteAllTextAsync(deep, "name: deep\nstages: " + new string('[', 100_000));
            var deepRules = Path.Combine(folder, "deep-rules.yaml");
            await File.WriteAllTextAsync(deepRules, "latency.p99: " + new string('{', 100_000));
            var good = Path.Combine(folder, "good.json");
            await File.WriteAllTextAsync(good, ResultsJson.Serialize(SampleResults.Create()));
            var nullFault = Path.Combine(folder, "null-fault.json");
            await File.WriteAllTextAsync(nullFault, ResultsJson.Serialize(SampleResults.Create()).Replace("\"thresholds\": [", "\"faults\": [null], \"thresholds\": [", StringComparison.Ordinal));
            string[][] commands =
            [
                ["run", binary],
                ["run", "scenarios/quick.yaml", "--set", "publisher.rate=lots"],
                ["run", "scenarios/quick.yaml", "--set", "stages[0].over=99999999999999999999h"],
                ["compare", truncated],
                ["gate", "--baseline", truncated, "--current", huge],
                ["capacity", "scenarios/quick.yaml", "--set", "capacity.rates=1,x"],
                ["run", deep],
                ["gate", "--baseline", good, "--current", good, "--rules", deepRules],
                ["compare", good, nullFault],
            ];

            foreach (var command in commands)
            {
                using var cli = CliProcess.Start(command);
                var error = await cli.Error.ReadToEndAsync().WaitAsync(CliProcess.Patience);

                Assert.True(await cli.WaitForExitAsync() == 2, $"{string.Join(' ', command)}: {error}");
                Assert.NotEqual("", error.Trim());
                Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [GeneratedRegex("^LoadLab reference server on (?<address>http://\\S+)")]
    private static partial Regex ListeningLine();
}
