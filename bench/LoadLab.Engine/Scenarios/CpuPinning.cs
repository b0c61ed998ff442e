using System.Globalization;

namespace LoadLab.Engine.Scenarios;

/// <summary>
/// Which CPUs the embedded server and the load engine may run on (<c>cpus: {server: 0, engine: 1}</c>), so
/// that on a small machine neither takes the other's core and each one's CPU cost is its own. Empty lists
/// leave that side unpinned.
/// </summary>
public sealed record CpuPinning(IReadOnlyList<int> Server, IReadOnlyList<int> Engine)
{
    public static readonly CpuPinning None = new([], []);

    /// <summary>
    /// Reads a CPU list as <c>taskset -c</c> does: <c>1</c>, <c>0,2</c>, <c>0-3</c>. The message says what is
    /// wrong; a CPU the machine does not have is refused here rather than failing at run time.
    /// </summary>
    public static IReadOnlyList<int> ParseList(string text, int machineCpus)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cpus = new SortedSet<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var bounds = part.Split('-', StringSplitOptions.TrimEntries);
            if (bounds.Length is < 1 or > 2 || !bounds.All(bound => int.TryParse(bound, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                throw new FormatException($"'{text}' is not a CPU list; write 1, 0,2 or 0-3");
            }

            var first = int.Parse(bounds[0], CultureInfo.InvariantCulture);
            var last = int.Parse(bounds[^1], CultureInfo.InvariantCulture);
            if (last < first)
            {
                throw new FormatException($"'{part}' is an empty range; write the lower CPU first");
            }

            if (last >= machineCpus)
            {
                throw new FormatException($"CPU {last} does not exist: this machine has {machineCpus} (0-{machineCpus - 1})");
            }

            for (var cpu = first; cpu <= last; cpu++)
            {
                cpus.Add(cpu);
            }
        }

        return [.. cpus];
    }

    public static string Format(IReadOnlyList<int> cpus) => cpus.Count == 0 ? "any" : string.Join(",", cpus);
}
