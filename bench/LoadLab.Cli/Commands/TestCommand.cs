using System.CommandLine;
using System.Globalization;
using System.Xml.Linq;

namespace LoadLab.Cli.Commands;

/// <summary>
/// <c>loadlab test [dotnet test options]</c>: builds the solution, runs every test project under
/// <c>tests/</c>, then prints one summary line (<c>tests: N passed, N failed, N skipped</c>) read from
/// the TRX results in <c>results/tests/</c>.
/// </summary>
internal static class TestCommand
{
    private const string SolutionFile = "LoadLab.sln";

    public static Command Create()
    {
        var command = new Command("test", "Build and run every test project; extra options go to 'dotnet test' (for example --filter Name~Resume).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.UnmatchedTokens, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(IReadOnlyList<string> extraArguments, CancellationToken cancellationToken)
    {
        var root = RepositoryRoot.Find(SolutionFile);
        if (root is null)
        {
            await Console.Error.WriteLineAsync($"loadlab test: no {SolutionFile} found above {Environment.CurrentDirectory}; run it from the LoadLab checkout");
            return ExitCodes.BadInput;
        }

        if (await Dotnet.RunAsync(root, ["build", SolutionFile, "--configuration", "Release", "-nologo"], cancellationToken) != 0)
        {
            await Console.Error.WriteLineAsync("loadlab test: the build failed");
            return ExitCodes.Failed;
        }

        // One run per test project, each into its own folder: TRX file names are only unique to the second.
        var resultsRoot = Path.Combine(root, "results", "tests", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        var allPassed = true;
        foreach (var project in Directory.EnumerateFiles(Path.Combine(root, "tests"), "*.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var resultsDirectory = Path.Combine(resultsRoot, Path.GetFileNameWithoutExtension(project));
            string[] arguments = ["test", project, "--configuration", "Release", "--no-build", "--logger", "trx", "--results-directory", resultsDirectory, .. extraArguments];
            allPassed &= await Dotnet.RunAsync(root, arguments, cancellationToken) == 0;
        }

        var summary = TestSummary.Read(resultsRoot);
        Console.WriteLine(summary is null ? "tests: no results were written" : $"tests: {summary}");
        if (allPassed && summary is not { Passed: > 0 })
        {
            await Console.Error.WriteLineAsync("loadlab test: no test ran");
            return ExitCodes.Failed;
        }

        return allPassed ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>The totals of every TRX file of one run.</summary>
    private sealed record TestSummary(int Passed, int Failed, int Skipped)
    {
        public static TestSummary? Read(string directory)
        {
            if (!Directory.Exists(directory))
            {
                return null;
            }

            XNamespace trx = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
            var counters = Directory.EnumerateFiles(directory, "*.trx", SearchOption.AllDirectories)
                .Select(file => XDocument.Load(file).Descendants(trx + "Counters").Single())
                .ToList();
            if (counters.Count == 0)
            {
                return null;
            }

            int Sum(string attribute) => counters.Sum(c => int.Parse(c.Attribute(attribute)?.Value ?? "0", CultureInfo.InvariantCulture));
            return new TestSummary(Sum("passed"), Sum("failed") + Sum("error") + Sum("timeout") + Sum("aborted"), Sum("notExecuted"));
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Passed} passed, {Failed} failed, {Skipped} skipped");
    }
}
