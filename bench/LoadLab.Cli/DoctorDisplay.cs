using System.Globalization;
using LoadLab.Engine.Diagnosis;

namespace LoadLab.Cli;

/// <summary>The presentation of <c>loadlab doctor</c> for a person: each finding with its evidence and fix, problems first marked.</summary>
internal static class DoctorDisplay
{
    public static void Write(DoctorReport report, TextWriter output)
    {
        output.WriteLine($"doctor {report.Url}  ({(report.Transport == ProbeTransport.WebSocket ? "WebSocket" : "SSE")})");
        output.WriteLine($"  timings: {Timings(report.Timings)}");
        foreach (var finding in report.Findings)
        {
            output.WriteLine();
            output.WriteLine($"{Label(finding.Severity)} {finding.Code}: {finding.Title}");
            foreach (var line in finding.Evidence)
            {
                output.WriteLine($"    {line}");
            }

            if (finding.Fix.Length > 0)
            {
                output.WriteLine($"  fix: {finding.Fix}");
            }
        }

        output.WriteLine();
        var problems = report.Findings.Where(f => f.IsProblem).Select(f => f.Code).ToList();
        output.WriteLine(problems.Count == 0
            ? "doctor: healthy"
            : string.Create(CultureInfo.InvariantCulture, $"doctor: {problems.Count} problem(s): {string.Join(", ", problems)}"));
    }

    private static string Label(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Error => "ERROR",
        FindingSeverity.Warning => "WARN ",
        _ => "ok   ",
    };

    private static string Timings(ProbeTimings timings)
    {
        var parts = new List<string>();
        void Add(string name, double? milliseconds)
        {
            if (milliseconds is { } value)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {value:0.0} ms"));
            }
        }

        Add("connect", timings.ConnectMs);
        Add("tls", timings.TlsMs);
        Add("response", timings.ResponseMs);
        Add("pong", timings.PongMs);
        Add("first message", timings.FirstMessageMs);
        Add("total", timings.TotalMs);
        return string.Join(", ", parts);
    }
}
