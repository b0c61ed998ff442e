using System.Globalization;

namespace LoadLab.Results.Merge;

/// <summary>
/// Refuses files that are not, together, every shard of one run: a file without a shard, different runs or
/// scenarios, different shard counts or publishing, a shard given twice or missing, transport runs that differ.
/// </summary>
internal static class ShardCheck
{
    /// <summary>The shards ordered by index; throws <see cref="ShardMergeException"/> naming the first problem.</summary>
    public static IReadOnlyList<ShardFile> Ordered(IReadOnlyList<ShardFile> files)
    {
        if (files.Count == 0)
        {
            throw new ShardMergeException("no results files to merge");
        }

        if (files.FirstOrDefault(file => file.Result.Shard is null) is { } whole)
        {
            throw new ShardMergeException($"{whole.Source} is not a shard's results (no 'shard' field): merge takes the files 'loadlab agent' writes");
        }

        var first = files[0];
        var shard = first.Result.Shard!;
        foreach (var file in files.Skip(1))
        {
            var other = file.Result;
            if (other.Scenario != first.Result.Scenario)
            {
                throw Differ("different scenarios", first, file, f => $"scenario '{f.Result.Scenario}'");
            }

            if (other.RunId != first.Result.RunId)
            {
                throw Differ("different runs", first, file, f => $"run '{f.Result.RunId}'");
            }

            if (other.Shard!.Count != shard.Count)
            {
                throw Differ("different shard counts", first, file, f => $"shard {Name(f.Result.Shard!)}");
            }

            if (other.Shard.Publishing != shard.Publishing)
            {
                throw Differ("different publishing", first, file, f => $"publisher.shards '{f.Result.Shard!.Publishing}'");
            }

            if (FirstDifference(first.Result.ResolvedScenario, other.ResolvedScenario) is { } field)
            {
                throw Differ("different scenario settings", first, file, f => $"{field} = '{f.Result.ResolvedScenario.GetValueOrDefault(field, "(absent)")}'");
            }

            if (!other.Runs.Select(Key).SequenceEqual(first.Result.Runs.Select(Key)))
            {
                throw Differ("different transport runs", first, file, f => $"runs [{string.Join(", ", f.Result.Runs.Select(Key))}]");
            }
        }

        if (files.GroupBy(file => file.Result.Shard!.Index).FirstOrDefault(group => group.Count() > 1) is { } twice)
        {
            throw new ShardMergeException($"duplicate shard {twice.Key}/{shard.Count}: {string.Join(" and ", twice.Select(file => file.Source))}");
        }

        var missing = Enumerable.Range(1, shard.Count).Except(files.Select(file => file.Result.Shard!.Index)).ToList();
        if (missing.Count > 0)
        {
            var have = string.Join(", ", files.Select(file => file.Result.Shard!.Index).Order().Select(index => Name(new ShardInfo(index, shard.Count, ""))));
            throw new ShardMergeException($"missing shard{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Select(index => Name(new ShardInfo(index, shard.Count, ""))))} of run '{first.Result.RunId}' (have {have})");
        }

        return [.. files.OrderBy(file => file.Result.Shard!.Index)];
    }

    private static ShardMergeException Differ(string what, ShardFile first, ShardFile other, Func<ShardFile, string> describe) =>
        new($"not shards of one run, {what}: {first.Source} has {describe(first)}, {other.Source} has {describe(other)}");

    private static string Name(ShardInfo shard) => string.Create(CultureInfo.InvariantCulture, $"{shard.Index}/{shard.Count}");

    private static string Key(TransportRunResult run) => run.Label;

    /// <summary>
    /// Settings each agent may have its own of: agents of a scaled-out service may each load a different instance
    /// (or the load balancer in front of them all). The merge lists every target.
    /// </summary>
    public static readonly IReadOnlySet<string> PerAgentSettings = new HashSet<string>(StringComparer.Ordinal) { "target" };

    private static string? FirstDifference(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Keys.Union(b.Keys).Except(PerAgentSettings).Order(StringComparer.Ordinal).FirstOrDefault(key => a.GetValueOrDefault(key) != b.GetValueOrDefault(key));
}
