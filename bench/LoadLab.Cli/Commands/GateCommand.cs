using System.CommandLine;
using LoadLab.Reports.Gate;
using LoadLab.Results;

namespace LoadLab.Cli.Commands;

/// <summary>
/// <c>loadlab gate --baseline BASE.json [...] --current CUR.json [...] [--rules gate.yaml]</c>: exit 0 when no rule is
/// broken, 1 on a regression (or an inconclusive comparison, unless <c>--allow-inconclusive</c>), 2 on bad input.
/// </summary>
internal static class GateCommand
{
    private static readonly Option<string[]> Baseline = new("--baseline")
    {
        Description = "results.json of the baseline run; several files (interleaved repetitions) are pooled.",
        Required = true,
        HelpName = "file",
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<string[]> Current = new("--current")
    {
        Description = "results.json of the run to check; several files (interleaved repetitions) are pooled.",
        Required = true,
        HelpName = "file",
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<string?> Rules = new("--rules") { Description = "Rules file (metric: tolerance, e.g. 'latency.p99: +10%'); default rules when absent.", HelpName = "file" };

    private static readonly Option<bool> AllowInconclusive = new("--allow-inconclusive") { Description = "Pass when a run was saturated or aborted instead of failing as inconclusive." };

    private static readonly Option<string?> Markdown = new("--markdown") { Description = "Write the Markdown summary here (default: $GITHUB_STEP_SUMMARY when set).", HelpName = "file" };

    private static readonly Option<string?> JUnit = new("--junit") { Description = "Write a JUnit XML file, one test case per transport and rule.", HelpName = "file" };

    public static Command Create()
    {
        var command = new Command("gate", "Fail on a statistically significant regression of the current run against a baseline.")
        {
            Baseline, Current, Rules, AllowInconclusive, Markdown, JUnit,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        GateReport report;
        try
        {
            var (rules, alpha) = parse.GetValue(Rules) is { } rulesFile ? GateRules.Load(rulesFile) : (GateRule.Defaults, GateRules.DefaultAlpha);
            var baseline = GateSide.Pool("baseline", await ReadAllAsync(parse.GetValue(Baseline)!, cancellationToken));
            var current = GateSide.Pool("current", await ReadAllAsync(parse.GetValue(Current)!, cancellationToken));
            report = GateEvaluator.Evaluate(baseline, current, rules, alpha);
        }
        catch (Exception ex) when (ex is ResultsFormatException or GateInputException or FormatException)
        {
            await Console.Error.WriteLineAsync($"loadlab gate: {ex.Message}");
            return ExitCodes.BadInput;
        }

        foreach (var difference in report.ScenarioDifferences)
        {
            Console.WriteLine($"warning: not the same experiment: {difference}");
        }

        foreach (var verdict in report.Verdicts)
        {
            Console.WriteLine(GateFormat.Line(verdict));
        }

        foreach (var reason in report.InconclusiveReasons)
        {
            Console.WriteLine($"INCONCLUSIVE {reason}");
        }

        if ((parse.GetValue(Markdown) ?? Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY")) is { Length: > 0 } markdownPath)
        {
            await using var markdown = new StreamWriter(markdownPath, append: parse.GetValue(Markdown) is null);
            GateMarkdownWriter.Write(report, markdown);
        }

        if (parse.GetValue(JUnit) is { } junitPath)
        {
            await using var junit = new StreamWriter(junitPath);
            GateJUnitWriter.Write(report, junit);
        }

        var verdictLine = report.Regressed ? "gate: REGRESSION" : report.Inconclusive ? "gate: INCONCLUSIVE" : "gate: pass";
        Console.WriteLine(verdictLine);
        return report.Regressed || (report.Inconclusive && !parse.GetValue(AllowInconclusive)) ? ExitCodes.Failed : ExitCodes.Ok;
    }

    private static async Task<List<RunResult>> ReadAllAsync(string[] paths, CancellationToken cancellationToken)
    {
        var results = new List<RunResult>(paths.Length);
        foreach (var path in paths)
        {
            results.Add(await ResultsFile.ReadAsync(path, cancellationToken));
        }

        return results;
    }
}
