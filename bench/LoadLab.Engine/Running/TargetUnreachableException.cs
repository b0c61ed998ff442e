namespace LoadLab.Engine.Running;

/// <summary>The target did not answer at all: nothing was measured, and the message says why.</summary>
public sealed class TargetUnreachableException(string message, Exception? inner = null) : Exception(message, inner);
