namespace LoadLab.Results.Merge;

/// <summary>One shard's results and the file they came from (named in every refusal).</summary>
public sealed record ShardFile(string Source, RunResult Result);
