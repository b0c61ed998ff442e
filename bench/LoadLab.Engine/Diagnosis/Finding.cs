using System.Text.Json.Serialization;

namespace LoadLab.Engine.Diagnosis;

/// <summary>
/// One thing the doctor found: a stable <paramref name="Code"/> from <see cref="FindingCodes"/> (scripts match on it),
/// a one-line title, the evidence as the probe saw it (status line, headers, timings) and the likely fix.
/// </summary>
public sealed record Finding(string Code, FindingSeverity Severity, string Title, IReadOnlyList<string> Evidence, string Fix)
{
    [JsonIgnore]
    public bool IsProblem => Severity != FindingSeverity.Info;
}
