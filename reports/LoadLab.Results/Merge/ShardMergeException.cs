namespace LoadLab.Results.Merge;

/// <summary>The files given to <c>loadlab merge</c> are not the shards of one run; the message says which file and why.</summary>
public sealed class ShardMergeException(string message) : Exception(message);
