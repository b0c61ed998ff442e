using System.Diagnostics;
using System.Text.Json;
using LoadLab.Cli.Tests.Peers;

namespace LoadLab.Cli.Tests.Commands;

/// <summary><c>loadlab peers</c> as a user runs it, on SSE only: the Node SSE peer needs no npm package.</summary>
[Collection(NodePeerTests.Collection)]
public sealed class PeersCommandTests
{
    private static readonly string Scenario = Path.GetFullPath(Path.Combine(NodePeerTests.PeersFolder, "..", "..", "scenarios", "peers.yaml"));

    [Fact]
    public async Task Sse_comparison_writes_a_folder_per_server_and_one_compare_page_and_leaves_no_node_behind()
    {
        var folder = Directory.CreateTempSubdirectory("loadlab-peers-").FullName;
        try
        {
            var (exit, output, error) = await CliProcess.RunAsync(
                "peers", Scenario, "--out", folder, "--set", "transports=sse", "--set", "stages[0].rampTo=20", "--set", "stages[0].over=500ms",
                "--set", "stages[1].hold=4s", "--set", "stages[2].over=500ms", "--set", "warmup=0s");

            Assert.Equal((0, ""), (exit, error));
            Assert.Contains("## LoadLab compare: loadlab · sse vs node-sse · sse", output, StringComparison.Ordinal);
            Assert.EndsWith($"compare page: {Path.Combine(folder, "compare.html")}", output.TrimEnd(), StringComparison.Ordinal);
            foreach (var name in (string[])["loadlab", "node-sse"])
            {
                using var results = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, name, "results.json")));
                var run = Assert.Single(results.RootElement.GetProperty("runs").EnumerateArray().ToList());
                Assert.Equal(0, run.GetProperty("messages").GetProperty("lost").GetInt64());
                Assert.True(File.Exists(Path.Combine(folder, name, "report.html")), name);
            }

            Assert.True(File.Exists(Path.Combine(folder, "compare.md")));
            Assert.DoesNotContain(Process.GetProcessesByName("node"), node => CommandLine(node.Id).Contains(NodePeerTests.PeersFolder, StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("publisher.topics=2", "publisher.topics: the Node peers have no topics")]
    [InlineData("transports=ws,longpoll", "transports: the Node peers speak ws and sse only")]
    public async Task A_scenario_the_peers_cannot_run_exits_2_naming_the_field(string setting, string message)
    {
        var (exit, _, error) = await CliProcess.RunAsync("peers", Scenario, "--set", setting);

        Assert.Equal(2, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    private static string CommandLine(int processId)
    {
        try
        {
            return File.ReadAllText($"/proc/{processId}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }
}
