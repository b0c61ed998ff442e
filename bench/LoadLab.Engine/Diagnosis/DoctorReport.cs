namespace LoadLab.Engine.Diagnosis;

/// <summary>What <see cref="ConnectionDoctor"/> found about one push URL; immutable, serialized as is by <c>--json</c>.</summary>
public sealed record DoctorReport(string Url, ProbeTransport Transport, bool Healthy, IReadOnlyList<Finding> Findings, ProbeTimings Timings)
{
    public static DoctorReport Create(Uri url, ProbeTransport transport, IReadOnlyList<Finding> findings, ProbeTimings timings) =>
        new(url.OriginalString, transport, !findings.Any(f => f.IsProblem), findings, timings);
}
