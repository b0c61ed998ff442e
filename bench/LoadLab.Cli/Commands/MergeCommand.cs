using System.CommandLine;
using System.Globalization;
using LoadLab.Engine.Sharding;
using LoadLab.Reports;
using LoadLab.Results;
using LoadLab.Results.Merge;

namespace LoadLab.Cli.Commands;

/// <summary>
/// <c>loadlab merge FILE... [--out DIR]</c>: the agents' <c>shard-i-of-n.json</c> files of one run become one ordinary
/// <c>results.json</c> (histograms merged exactly, time series aligned on absolute time, counts added), with
/// <c>report.html</c> and <c>summary.md</c>; the scenario's thresholds are judged on the merged figures. Exit 0 when
/// they pass, 1 when one fails, 2 when the files are not every shard of one run (the message says which and why).
/// </summary>
internal static class MergeCommand
{
    private static readonly Argument<string[]> Files = new("files") { Description = "The agents' results files (shard-i-of-n.json), every shard of one run.", Arity = ArgumentArity.OneOrMore };

    private static readonly Option<string?> Out = new("--out") { Description = "Folder for the merged results.json and reports (default results/<run-id>-merged).", HelpName = "dir" };

    public static Command Create()
    {
        var command = new Command("merge", "Merge the results of every shard of a sharded run into one results file and report.") { Files, Out };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        RunResult merged;
        try
        {
            var shards = new List<ShardFile>();
            foreach (var file in parse.GetValue(Files)!)
            {
                shards.Add(new ShardFile(file, await ResultsFile.ReadAsync(file, cancellationToken)));
            }

            merged = MergedThresholds.Evaluate(ShardMerger.Merge(shards));
            foreach (var transport in ShardMerger.Unreconciled(shards))
            {
                await Console.Error.WriteLineAsync(
                    $"loadlab merge: warning: {transport}: the server refused some publishes, and not every shard lists the messages its clients missed " +
                    "(a results file from an older LoadLab, or too many to list), so lost may include messages that were never published");
            }
        }
        catch (Exception ex) when (ex is ResultsFormatException or ShardMergeException)
        {
            await Console.Error.WriteLineAsync($"loadlab merge: {ex.Message}");
            return ExitCodes.BadInput;
        }

        if (!ResultsFolder.TryClaim(parse.GetValue(Out), merged.RunId + "-merged", out var folder, out var folderError))
        {
            await Console.Error.WriteLineAsync($"loadlab merge: {folderError}");
            return ExitCodes.BadInput;
        }

        await ResultsFile.WriteAtomicallyAsync(Path.Combine(folder, ResultsFile.FileName), merged, cancellationToken);
        if (await RunCommand.WriteReportsAsync(merged, folder) is { } failure)
        {
            await Console.Error.WriteLineAsync($"loadlab merge: {failure}");
            return ExitCodes.Failed;
        }

        foreach (var shard in merged.MergedShards ?? [])
        {
            Console.WriteLine(ClockText.Describe(shard));
        }

        RunDisplay.ShowSummary(merged);
        Console.WriteLine($"results: {Path.Combine(folder, ResultsFile.FileName)}");
        Console.WriteLine($"report:  {Path.Combine(folder, HtmlReportWriter.Default.FileName)}");
        return RunCommand.Passed(merged) ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
