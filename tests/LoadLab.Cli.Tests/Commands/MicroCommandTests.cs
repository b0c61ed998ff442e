using LoadLab.Cli.Commands;

namespace LoadLab.Cli.Tests.Commands;

public sealed class MicroCommandTests
{
    [Fact]
    public void Without_a_filter_every_benchmark_runs_in_Release()
    {
        var arguments = MicroCommand.DotnetArguments(["--job", "short"]);

        Assert.Equal(["run", "--configuration", "Release", "--project", "bench/LoadLab.Micro/LoadLab.Micro.csproj", "--", "--job", "short", "--filter", "*"], arguments);
    }

    [Fact]
    public void A_given_filter_goes_to_BenchmarkDotNet_unchanged()
    {
        var arguments = MicroCommand.DotnetArguments(["--filter", "*FanOut*"]);

        Assert.Equal(["--filter", "*FanOut*"], arguments[^2..]);
        Assert.Single(arguments, argument => argument == "--filter");
    }
}
