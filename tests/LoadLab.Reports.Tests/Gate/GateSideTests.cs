using LoadLab.Reports.Gate;
using LoadLab.Results;
using LoadLab.Results.Tests;

namespace LoadLab.Reports.Tests.Gate;

public sealed class GateSideTests
{
    [Fact]
    public void Files_of_one_side_pool_as_numbered_repetitions()
    {
        var pooled = GateSide.Pool("baseline", [SampleResults.Create(), SampleResults.Create(), SampleResults.Create() with { Status = RunStatus.Aborted }]);

        Assert.Equal(9, pooled.Runs.Count);
        Assert.Equal([1, 2, 3], pooled.Runs.Where(run => run.Transport == "sse").Select(run => run.Repetition));
        Assert.Equal(RunStatus.Aborted, pooled.Status);
    }

    [Fact]
    public void One_file_is_taken_as_it_is()
    {
        var result = SampleResults.Create();

        Assert.Same(result, GateSide.Pool("current", [result]));
    }

    [Fact]
    public void Files_of_different_experiments_are_refused_naming_the_setting()
    {
        var faster = SampleResults.Create() with { ResolvedScenario = new Dictionary<string, string>(SampleResults.Create().ResolvedScenario) { ["publisher.rate"] = "500" } };

        var error = Assert.Throws<GateInputException>(() => GateSide.Pool("current", [SampleResults.Create(), faster]));

        Assert.Equal("the current files are not the same experiment: publisher.rate (50 / 500)", error.Message);
    }
}
