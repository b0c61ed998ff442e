using LoadLab.Reports.Gate;

namespace LoadLab.Reports.Tests.Gate;

public sealed class GateRuleTests
{
    [Theory]
    [InlineData("latency.p99", "+10%", 10, true)]
    [InlineData("throughput.deliveredPerSec", "-5%", 5, true)]
    [InlineData("messages.lost", "0", 0, false)]
    [InlineData("server.memoryPerConnectionBytes", "+12.5%", 12.5, true)]
    public void Rules_read_tolerance_and_kind(string metric, string text, double tolerance, bool relative)
    {
        var rule = GateRule.Parse(metric, text);
        Assert.Equal((metric, tolerance, relative), (rule.Metric.Name, rule.Tolerance, rule.Relative));
    }

    [Theory]
    [InlineData("latency.p99", "-10%", "gets worse upwards: write +10%")]
    [InlineData("throughput.deliveredPerSec", "+5%", "gets worse downwards: write -5%")]
    [InlineData("latency.p98", "+10%", "unknown metric 'latency.p98'")]
    [InlineData("latency.p99", "10%", "is not a signed percentage")]
    [InlineData("messages.lost", "-1", "is neither a signed percentage")]
    public void Wrong_rules_say_what_is_wrong(string metric, string text, string problem)
    {
        var error = Assert.Throws<FormatException>(() => GateRule.Parse(metric, text));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_file_reads_rules_and_alpha_and_names_the_line_of_a_mistake()
    {
        var folder = Directory.CreateTempSubdirectory("loadlab-gate-").FullName;
        try
        {
            var good = Path.Combine(folder, "gate.yaml");
            File.WriteAllText(good, "alpha: 0.01\nrules:\n  latency.p99: +20%\n  messages.lost: 0\n");
            var (rules, alpha) = GateRules.Load(good);
            Assert.Equal(0.01, alpha);
            Assert.Equal(["latency.p99", "messages.lost"], rules.Select(r => r.Metric.Name));

            var bad = Path.Combine(folder, "bad.yaml");
            File.WriteAllText(bad, "latency.p99: +20%\nthroughput.deliveredPerSec: +5%\n");
            var error = Assert.Throws<FormatException>(() => GateRules.Load(bad));
            Assert.StartsWith($"{bad}:2: throughput.deliveredPerSec gets worse downwards", error.Message, StringComparison.Ordinal);

            // YamlDotNet builds its tree recursively: 100,000 levels used to overflow the stack and kill the process.
            var deep = Path.Combine(folder, "deep.yaml");
            File.WriteAllText(deep, "latency.p99: " + new string('[', 100_000));
            error = Assert.Throws<FormatException>(() => GateRules.Load(deep));
            Assert.StartsWith($"{deep}:1: not a rules file: lists and mappings nested more than 64 deep", error.Message, StringComparison.Ordinal);

            var huge = Path.Combine(folder, "huge.yaml");
            using (var file = File.Create(huge))
            {
                file.SetLength(GateRules.MaxFileBytes + 1);
            }

            error = Assert.Throws<FormatException>(() => GateRules.Load(huge));
            Assert.Equal($"{huge}: the file is 1,048,577 bytes; a rules file is at most 1,048,576", error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
