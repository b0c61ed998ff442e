namespace LoadLab.Engine.Running;

/// <summary>The target did not answer, or refused the connection the run cannot go without (the publisher's): the message says why.</summary>
public sealed class TargetUnreachableException(string message, Exception? inner = null) : Exception(message, inner);
