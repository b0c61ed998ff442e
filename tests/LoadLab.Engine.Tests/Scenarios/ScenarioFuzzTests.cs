using System.Globalization;
using LoadLab.Engine.Scenarios;

namespace LoadLab.Engine.Tests.Scenarios;

/// <summary>
/// Thousands of damaged scenario files and <c>--set</c> overrides: each must load or be refused with a
/// <see cref="ScenarioException"/> (file, line, field: what <c>run</c> prints before exiting 2), never another exception.
/// </summary>
public sealed class ScenarioFuzzTests
{
    private const int Cases = 3000;

    private static readonly string[] Junk =
    [
        "", "-1", "0", "1e999", "99999999999999999999", "0.5", "~", "null", "[]", "{}", "[[[[[[[[[[", "}}", "\"", "'",
        "&a [*a, *a]", "*nowhere", "!!binary AAAA", "\t", "\0", "x: y: z", "- - -", "1s", "-5s", "10x", "ws", "sse,ws,bogus",
        new string('z', 20_000), new string('[', 100_000), "%YAML 9.9", "---", "...", "? complex", "<script>", "1/0", "0x10", "1_000",
    ];

    private static readonly string[] Paths =
    [
        "name", "transports", "warmup", "stages[0].rampTo", "stages[9].over", "stages", "publisher.rate", "publisher.payloadBytes",
        "publisher.topics", "thresholds[0]", "cpus.server", "cpus.engine", "capacity.rates", "connectTimeout", "nope.deeper", "[0]", "", ".", "stages[-1].hold",
    ];

    [Fact]
    public void Damaged_scenarios_load_or_are_refused_with_a_file_line_field_error_never_a_crash()
    {
        var folder = Path.Combine(ScenarioLoaderTests.RepositoryFolder(), "scenarios");
        var originals = Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToArray();
        var crashes = new List<string>();
        var (loaded, refused) = (0, 0);

        for (var seed = 0; seed < Cases; seed++)
        {
            var random = new Random(seed);
            var yaml = Mutate(originals[seed % originals.Length], random);
            string[] overrides = random.Next(3) == 0 ? [$"{Pick(Paths, random)}={Pick(Junk, random)}"] : [];
            try
            {
                ScenarioLoader.Parse(yaml, "fuzz.yaml", overrides);
                loaded++;
            }
            catch (ScenarioException ex)
            {
                refused++;
                if (ex.File.Length == 0 || !ex.Message.StartsWith(ex.File, StringComparison.Ordinal))
                {
                    crashes.Add($"seed {seed}: an error that does not start with where: {ex.Message}");
                }
            }
            catch (Exception ex)
            {
                crashes.Add(string.Create(CultureInfo.InvariantCulture, $"seed {seed}: {ex.GetType().Name}: {ex.Message}\n{string.Join("\n", ex.StackTrace?.Split('\n').Take(3) ?? [])}"));
            }
        }

        Assert.True(crashes.Count == 0, $"{crashes.Count} of {Cases} damaged scenarios crashed the loader:\n{string.Join("\n", crashes.Take(8))}");
        Assert.True(loaded > Cases / 20 && refused > Cases / 10, $"mutations too mild or too harsh: {loaded} loaded, {refused} refused");
    }

    /// <summary>One to three edits: a line dropped, doubled or cut, junk put in place of a value or anywhere, or the file truncated.</summary>
    private static string Mutate(string yaml, Random random)
    {
        var lines = yaml.Split('\n').ToList();
        for (var edits = 1 + random.Next(3); edits > 0 && lines.Count > 0; edits--)
        {
            var at = random.Next(lines.Count);
            switch (random.Next(6))
            {
                case 0:
                    lines.RemoveAt(at);
                    break;
                case 1:
                    lines.Insert(at, lines[at]);
                    break;
                case 2:
                    lines[at] = lines[at][..random.Next(lines[at].Length + 1)];
                    break;
                case 3 when lines[at].IndexOf(':', StringComparison.Ordinal) is var colon and > 0:
                    lines[at] = lines[at][..(colon + 1)] + " " + Pick(Junk, random);
                    break;
                case 4:
                    lines[at] = lines[at].Insert(random.Next(lines[at].Length + 1), Pick(Junk, random));
                    break;
                default:
                    lines = lines[..(at + 1)];
                    break;
            }
        }

        return string.Join('\n', lines);
    }

    private static string Pick(string[] values, Random random) => values[random.Next(values.Length)];
}
