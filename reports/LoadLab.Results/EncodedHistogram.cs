namespace LoadLab.Results;

/// <summary>
/// A histogram in HdrHistogram's compressed encoding, base64: exact percentiles after any number of
/// merges. <see cref="Unit"/> is the unit of the recorded integers.
/// </summary>
public sealed record EncodedHistogram(string Encoding, string Unit, string Data);
