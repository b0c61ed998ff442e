using System.Globalization;
using LoadLab.Reports.Compare;
using LoadLab.Reports.Gate;
using LoadLab.Results;

namespace LoadLab.Reports.Tests.Fuzz;

/// <summary>
/// Thousands of damaged results files go through what <c>compare</c> and <c>gate</c> do with them. Each must
/// either work or fail with one of the exceptions those commands turn into a one-line error and exit code 2;
/// anything else would reach the user as a stack trace.
/// </summary>
public sealed class ResultsFuzzTests
{
    private const int Cases = 1500;

    [Fact]
    public void Damaged_results_files_give_a_clean_error_or_a_report_never_a_crash()
    {
        var original = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "quick-base.json"));
        var intact = ResultsJson.Deserialize(original, "quick-base.json");
        var crashes = new List<string>();
        var unnamed = new List<string>();
        var (parsed, refused) = (0, 0);

        for (var seed = 0; seed < Cases; seed++)
        {
            var json = new JsonMutator(seed).Mutate(original);
            try
            {
                var damaged = ResultsJson.Deserialize(json, "damaged.json");
                parsed++;
                Compare(intact, damaged);
                Gate(intact, damaged);
            }
            catch (Exception ex) when (ex is ResultsFormatException or ArgumentException or GateInputException or FormatException)
            {
                refused++;
                // Every refusal says where: the file, or the side of the gate it was given as.
                if (!ex.Message.Contains("damaged", StringComparison.Ordinal) && !ex.Message.Contains("current", StringComparison.Ordinal))
                {
                    unnamed.Add($"seed {seed}: {ex.GetType().Name}: {ex.Message}");
                }
            }
            catch (Exception ex)
            {
                crashes.Add(string.Create(CultureInfo.InvariantCulture, $"seed {seed}: {ex.GetType().Name}: {ex.Message}\n{string.Join("\n", ex.StackTrace?.Split('\n').Take(4) ?? [])}"));
            }
        }

        Assert.True(crashes.Count == 0, $"{crashes.Count} of {Cases} damaged files crashed:\n{string.Join("\n", crashes.Take(10))}");
        Assert.True(unnamed.Count == 0, $"{unnamed.Count} errors do not name the damaged file:\n{string.Join("\n", unnamed.Take(10))}");
        Assert.True(parsed > Cases / 10 && refused > Cases / 10, $"mutations too mild or too harsh: {parsed} parsed, {refused} refused");
    }

    private static void Compare(RunResult intact, RunResult damaged)
    {
        var comparison = Comparison.Of([new ComparedFile("intact", "intact.json", intact), new ComparedFile("damaged", "damaged.json", damaged)]);
        CompareMarkdownWriter.Write(comparison, TextWriter.Null);
        CompareHtmlWriter.Write(comparison, TextWriter.Null);
    }

    private static void Gate(RunResult intact, RunResult damaged)
    {
        var report = GateEvaluator.Evaluate(GateSide.Pool("baseline", [intact]), GateSide.Pool("current", [damaged]), GateRule.Defaults, GateRules.DefaultAlpha);
        GateMarkdownWriter.Write(report, TextWriter.Null);
    }
}
