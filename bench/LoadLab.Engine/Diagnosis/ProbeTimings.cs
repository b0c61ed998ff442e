namespace LoadLab.Engine.Diagnosis;

/// <summary>
/// How long each step of the probe took, in milliseconds from its start; null for a step that did not happen.
/// <paramref name="ConnectMs"/> includes the DNS lookup; <paramref name="ResponseMs"/> is when the response headers were in.
/// </summary>
public sealed record ProbeTimings(double? ConnectMs, double? TlsMs, double? ResponseMs, double? FirstMessageMs, double? PongMs, double TotalMs);
