namespace LoadLab.Results;

/// <summary>A results file that cannot be read: missing, truncated, of an unknown schema version, or malformed; the message names the file and the place.</summary>
public sealed class ResultsFormatException(string message, Exception? inner = null) : Exception(message, inner);
