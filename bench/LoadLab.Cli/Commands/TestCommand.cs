using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Xml.Linq;

namespace LoadLab.Cli.Commands;

/// <summary>
/// <c>loadlab test [dotnet test options]</c>: builds and runs every test project of the solution,
/// then prints one summary line (<c>tests: N passed, N failed, N skipped</c>) read from the TRX results.
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

        var resultsDirectory = Path.Combine(root, "results", "tests", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root };
        foreach (var argument in (string[])["test", SolutionFile, "--configuration", "Release", "--logger", "trx", "--results-directory", resultsDirectory, .. extraArguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started");
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var summary = TestSummary.Read(resultsDirectory);
        Console.WriteLine(summary is null ? "tests: no results were written" : $"tests: {summary}");
        if (process.ExitCode == 0 && summary is { Passed: 0 })
        {
            await Console.Error.WriteLineAsync("loadlab test: no test ran");
            return ExitCodes.Failed;
        }

        return process.ExitCode == 0 ? ExitCodes.Ok : ExitCodes.Failed;
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
