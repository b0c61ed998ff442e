using System.Globalization;
using LoadLab.Results;

namespace LoadLab.Reports.Targets;

/// <summary>
/// Reads the folder <c>bench/scale-sitting.sh</c> writes: <c>round-N/</c> per round, each with the servers' results of
/// every row (<c>broadcast/</c>, <c>million/</c>, <c>connects/</c>, <c>held/</c>, one folder per server inside, as
/// <c>loadlab peers</c> lays them out) and the floor's logs (<c>floor-broadcast.log</c>, <c>floor-fastest.log</c>).
/// </summary>
public static class Sitting
{
    public const string LoadLab = "loadlab";

    public static async Task<IReadOnlyList<SittingRound>> ReadAsync(string folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            throw new ResultsFormatException($"{folder}: no such folder");
        }

        var rounds = new List<SittingRound>();
        foreach (var (number, path) in RoundFolders(folder))
        {
            rounds.Add(new SittingRound(
                number,
                await ServersAsync(Path.Combine(path, "broadcast"), cancellationToken).ConfigureAwait(false),
                await ServersAsync(Path.Combine(path, "million"), cancellationToken).ConfigureAwait(false),
                await ServersAsync(Path.Combine(path, "connects"), cancellationToken).ConfigureAwait(false),
                await ServersAsync(Path.Combine(path, "held"), cancellationToken).ConfigureAwait(false),
                await FloorAsync(Path.Combine(path, "floor-broadcast.log"), cancellationToken).ConfigureAwait(false),
                await FloorAsync(Path.Combine(path, "floor-fastest.log"), cancellationToken).ConfigureAwait(false)));
        }

        return rounds.Count > 0
            ? rounds
            : throw new ResultsFormatException($"{folder}: no round-N folders in it; a sitting is what bench/scale-sitting.sh writes");
    }

    private static IEnumerable<(int Number, string Path)> RoundFolders(string folder) =>
        Directory.EnumerateDirectories(folder, "round-*")
            .Select(path => (Ok: int.TryParse(Path.GetFileName(path)["round-".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var number), number, path))
            .Where(round => round.Ok)
            .Select(round => (round.number, round.path))
            .OrderBy(round => round.number);

    /// <summary>Every server's results under <paramref name="row"/> (a folder each); none when the row was not run.</summary>
    private static async Task<IReadOnlyDictionary<string, RunResult>> ServersAsync(string row, CancellationToken cancellationToken)
    {
        var servers = new SortedDictionary<string, RunResult>(StringComparer.Ordinal);
        if (!Directory.Exists(row))
        {
            return servers;
        }

        foreach (var server in Directory.EnumerateDirectories(row))
        {
            var file = Path.Combine(server, ResultsFile.FileName);
            if (File.Exists(file))
            {
                servers[Path.GetFileName(server)] = await ResultsFile.ReadAsync(file, cancellationToken).ConfigureAwait(false);
            }
        }

        return servers;
    }

    private static async Task<FloorRun?> FloorAsync(string log, CancellationToken cancellationToken) =>
        File.Exists(log) ? FloorRun.Parse(await File.ReadAllTextAsync(log, cancellationToken).ConfigureAwait(false), log) : null;
}
