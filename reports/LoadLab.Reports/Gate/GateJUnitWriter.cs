using System.Globalization;
using System.Xml.Linq;

namespace LoadLab.Reports.Gate;

/// <summary>The gate as JUnit XML: one test case per transport and rule, failed on a regression; an inconclusive comparison is one more failed case.</summary>
public static class GateJUnitWriter
{
    public static void Write(GateReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var cases = report.Verdicts.Select(verdict =>
        {
            var testCase = new XElement("testcase", new XAttribute("classname", $"loadlab.gate.{verdict.Transport}"), new XAttribute("name", verdict.Rule.Metric.Name));
            if (verdict.Outcome == GateOutcome.Regression)
            {
                testCase.Add(new XElement("failure", new XAttribute("message", GateFormat.Line(verdict)), GateFormat.Line(verdict)));
            }
            else if (verdict.Outcome is GateOutcome.NotMeasured or GateOutcome.Unproven)
            {
                var message = verdict.Outcome == GateOutcome.NotMeasured ? "not measured in both runs" : "worse beyond tolerance, untestable without repetitions: " + GateFormat.Line(verdict);
                testCase.Add(new XElement("skipped", new XAttribute("message", message)));
            }

            return testCase;
        }).ToList();

        if (report.Inconclusive)
        {
            var reasons = string.Join("; ", report.InconclusiveReasons);
            cases.Add(new XElement("testcase", new XAttribute("classname", "loadlab.gate"), new XAttribute("name", "conclusive"), new XElement("failure", new XAttribute("message", reasons), reasons)));
        }

        var failures = cases.Count(c => c.Element("failure") is not null);
        var suite = new XElement(
            "testsuite",
            new XAttribute("name", "loadlab.gate"),
            new XAttribute("tests", cases.Count.ToString(CultureInfo.InvariantCulture)),
            new XAttribute("failures", failures.ToString(CultureInfo.InvariantCulture)),
            new XAttribute("skipped", cases.Count(c => c.Element("skipped") is not null).ToString(CultureInfo.InvariantCulture)),
            cases);
        new XDocument(new XElement("testsuites", suite)).Save(output);
    }
}
