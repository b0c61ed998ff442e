namespace LoadLab.Reports.Gate;

/// <summary>The gate was given something it cannot compare: the message says what (exit code 2).</summary>
public sealed class GateInputException(string message) : Exception(message);
