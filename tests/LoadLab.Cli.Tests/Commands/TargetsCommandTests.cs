namespace LoadLab.Cli.Tests.Commands;

public sealed class TargetsCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("loadlab-targets-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_sitting_becomes_targets_md_in_its_folder()
    {
        var round = Directory.CreateDirectory(Path.Combine(_folder, "round-1")).FullName;
        await File.WriteAllTextAsync(Path.Combine(round, "floor-broadcast.log"), "RESULT_SERVER cpu_us_per_delivery=8.5\nRESULT_CLIENT lat_us_p99=120000 connect_s=0.27\n");

        var (exit, output, error) = await CliProcess.RunAsync("targets", _folder);

        Assert.True(exit == 0, error);
        var table = await File.ReadAllTextAsync(Path.Combine(_folder, "targets.md"));
        Assert.Contains("| 10,000 WebSocket connections opened (from the first launch until all are connected) | — | node-ws — | 270 ms for bare TCP connects |", table, StringComparison.Ordinal);
        Assert.Contains(table, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_that_is_not_a_sitting_is_refused_with_exit_2()
    {
        var (exit, _, error) = await CliProcess.RunAsync("targets", _folder);

        Assert.Equal(2, exit);
        Assert.Contains($"loadlab targets: {_folder}: no round-N folders", error, StringComparison.Ordinal);
    }
}
