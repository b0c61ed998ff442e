using System.Globalization;
using LoadLab.Reports.Statistics;
using LoadLab.Results;

namespace LoadLab.Reports.Compare;

/// <summary>
/// Every transport run of the given files side by side, each compared with the first: one column per
/// transport of each file (repetitions pooled), the settings that differ between the columns (a person
/// must see at once when two columns were not the same experiment), and the figures grouped by section.
/// </summary>
public sealed class Comparison
{
    /// <summary>A change is significant below this p-value, as in the gate's default rules.</summary>
    public const double Alpha = 0.05;

    private static readonly string[] SectionOrder = ["Latency", "Throughput", "Messages", "Reconnects", "Connections", "Server", "Load engine"];

    private Comparison(IReadOnlyList<ComparedFile> files, IReadOnlyList<ComparedRun> runs, ComparisonReference reference)
    {
        Files = files;
        Runs = runs;
        Reference = reference;
        Differences = [.. SettingDifference.Between([.. runs.Select(Settings)]).Where(difference => MattersBetween(difference, runs))];
        var resilience = Figure.Resilience.Where(row => runs.Any(run => run.Repetitions.Any(row.When))).Select(row => row.Figure);
        Sections = [.. Figure.Verdict.Concat(resilience).GroupBy(figure => figure.Section)
            .OrderBy(section => Array.IndexOf(SectionOrder, section.Key))
            .Select(section => new ComparedSection(section.Key, [.. section.Select(Row)]))];
    }

    public IReadOnlyList<ComparedFile> Files { get; }

    /// <summary>What each column is compared with.</summary>
    public ComparisonReference Reference { get; }

    /// <summary>The columns; see <see cref="Reference"/> for what each is compared with.</summary>
    public IReadOnlyList<ComparedRun> Runs { get; }

    /// <summary>Resolved scenario, transport and environment settings that are not the same in every column.</summary>
    public IReadOnlyList<SettingDifference> Differences { get; }

    internal IReadOnlyList<ComparedSection> Sections { get; }

    /// <summary>
    /// Columns in file order, transports in each file's order. Column names are the transports' when one
    /// file is compared, <c>name · transport</c> otherwise.
    /// </summary>
    public static Comparison Of(IReadOnlyList<ComparedFile> files, ComparisonReference reference = ComparisonReference.First)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0)
        {
            throw new ArgumentException("Nothing to compare: give at least one results file.", nameof(files));
        }

        var runs = new List<ComparedRun>();
        for (var i = 0; i < files.Count; i++)
        {
            foreach (var transport in files[i].Result.Runs.GroupBy(run => run.Transport, StringComparer.Ordinal))
            {
                var name = files.Count == 1 ? transport.Key : $"{files[i].Name} · {transport.Key}";
                runs.Add(new ComparedRun(name, files[i], i, [.. transport]));
            }
        }

        if (runs.Count == 0)
        {
            throw new ArgumentException("Nothing to compare: the files hold no transport run.", nameof(files));
        }

        return new Comparison(files, runs, reference);
    }

    private ComparedRow Row(Figure figure)
    {
        var cells = new List<ComparedValue>(Runs.Count);
        foreach (var run in Runs)
        {
            var values = ChangeTest.Values(figure.Metric, run.Repetitions);
            double? after = values.Count > 0 ? values.Average() : null;
            var reference = ReferenceOf(run);
            if (reference == run)
            {
                cells.Add(new ComparedValue(after, null, null, Significance.Reference, Direction.Same));
                continue;
            }

            var referenceValues = ChangeTest.Values(figure.Metric, reference.Repetitions);
            double? before = referenceValues.Count > 0 ? referenceValues.Average() : null;
            if (before is not { } b || after is not { } a)
            {
                cells.Add(new ComparedValue(after, null, null, Significance.Untested, Direction.Same));
                continue;
            }

            var direction = a == b ? Direction.Same : (a < b) == figure.Metric.LowerIsBetter ? Direction.Better : Direction.Worse;
            double? change = b != 0 ? (a - b) / Math.Abs(b) * 100 : a == 0 ? 0 : null;
            var pValue = figure.Metric.Exact ? null : ChangeTest.PValue(figure.Metric, reference.Repetitions, run.Repetitions);
            var significance = figure.Metric.Exact ? Significance.Exact
                : pValue is not { } p ? Significance.Untested
                : p < Alpha ? Significance.Significant
                : Significance.NotSignificant;
            cells.Add(new ComparedValue(a, change, pValue, significance, direction));
        }

        return new ComparedRow(figure, cells);
    }

    /// <summary>The column <paramref name="run"/> is compared with: the first, or the first of its transport.</summary>
    public ComparedRun ReferenceOf(ComparedRun run) =>
        Reference == ComparisonReference.SameTransport ? Runs.First(candidate => candidate.Transport == run.Transport) : Runs[0];

    /// <summary>
    /// A transport's endpoints describe only that transport's columns: such a setting is a difference when those
    /// columns disagree, not because the other transports' columns do not have it.
    /// </summary>
    private static bool MattersBetween(SettingDifference difference, IReadOnlyList<ComparedRun> runs)
    {
        if (!difference.Key.StartsWith("endpoints.", StringComparison.Ordinal))
        {
            return true;
        }

        var transport = difference.Key.Split('.')[1];
        return difference.Values.Where((_, i) => runs[i].Transport == transport).Distinct(StringComparer.Ordinal).Count() > 1;
    }

    /// <summary>
    /// What describes one column's experiment: its file's resolved scenario without what belongs to the file's
    /// other transports (their endpoints, the list of transports run), plus its transport and environment.
    /// </summary>
    private static Dictionary<string, string> Settings(ComparedRun run)
    {
        var result = run.File.Result;
        var settings = new Dictionary<string, string>(
            result.ResolvedScenario.Where(setting => setting.Key != "transports" && (!setting.Key.StartsWith("endpoints.", StringComparison.Ordinal) || setting.Key.StartsWith($"endpoints.{run.Transport}.", StringComparison.Ordinal))),
            StringComparer.Ordinal)
        {
            ["transport"] = run.Transport,
            ["repetitions"] = run.Repetitions.Count.ToString(CultureInfo.InvariantCulture),
            ["environment.machine"] = result.Environment.MachineName,
            ["environment.cpus"] = result.Environment.CpuCount.ToString(CultureInfo.InvariantCulture),
            ["environment.os"] = result.Environment.Os,
            ["environment.dotnet"] = result.Environment.DotnetVersion,
            ["environment.gitCommit"] = result.Environment.GitCommit ?? "unknown",
        };
        return settings;
    }
}
