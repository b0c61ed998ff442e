using System.CommandLine;

namespace LoadLab.Cli.Commands;

/// <summary>
/// <c>loadlab micro [BenchmarkDotNet options]</c>: builds the micro-benchmarks (<c>bench/LoadLab.Micro</c>) in
/// Release and runs them, handing every option to BenchmarkDotNet (<c>--job short</c> for a quick run,
/// <c>--filter '*FanOut*'</c> for some). Returns the benchmark program's exit code: 0, or 1 when a
/// benchmark could not be built or run.
/// </summary>
internal static class MicroCommand
{
    private const string SolutionFile = "LoadLab.sln";

    private const string MicroProject = "bench/LoadLab.Micro/LoadLab.Micro.csproj";

    public static Command Create()
    {
        var command = new Command("micro", "Run the micro-benchmarks (BenchmarkDotNet, Release); extra options go to BenchmarkDotNet (for example --job short, --filter '*FanOut*').")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.UnmatchedTokens, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(IReadOnlyList<string> benchmarkArguments, CancellationToken cancellationToken)
    {
        var root = RepositoryRoot.Find(SolutionFile);
        if (root is null)
        {
            await Console.Error.WriteLineAsync($"loadlab micro: no {SolutionFile} found above {Environment.CurrentDirectory}; run it from the LoadLab checkout");
            return ExitCodes.BadInput;
        }

        return await Dotnet.RunAsync(root, DotnetArguments(benchmarkArguments), cancellationToken);
    }

    /// <summary><c>dotnet run</c> of the benchmark project in Release, with BenchmarkDotNet's options after <c>--</c>.</summary>
    internal static string[] DotnetArguments(IReadOnlyList<string> benchmarkArguments)
    {
        // Without a filter BenchmarkDotNet asks on the console which benchmarks to run: run them all instead.
        string[] everyBenchmark = benchmarkArguments.Any(argument => argument is "--filter" or "-f") ? [] : ["--filter", "*"];
        return ["run", "--configuration", "Release", "--project", MicroProject, "--", .. benchmarkArguments, .. everyBenchmark];
    }
}
