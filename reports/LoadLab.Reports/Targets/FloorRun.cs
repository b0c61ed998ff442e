using System.Globalization;
using LoadLab.Results;

namespace LoadLab.Reports.Targets;

/// <summary>
/// One run of the machine's floor (<c>../shared/limit</c>, C): the <c>key=value</c> figures of the <c>RESULT_SERVER</c>
/// and <c>RESULT_CLIENT</c> lines its <c>run.sh</c> leaves at the end of the log (<c>cpu_us_per_delivery</c>,
/// <c>lat_us_p99</c>, <c>connect_s</c>, ...). Figures that are not numbers are left out.
/// </summary>
public sealed record FloorRun(IReadOnlyDictionary<string, double> Server, IReadOnlyDictionary<string, double> Client)
{
    public static FloorRun Parse(string log, string source)
    {
        ArgumentNullException.ThrowIfNull(log);
        Dictionary<string, double>? server = null, client = null;
        foreach (var line in log.Split('\n', StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("RESULT_SERVER ", StringComparison.Ordinal))
            {
                server = Figures(line);
            }
            else if (line.StartsWith("RESULT_CLIENT ", StringComparison.Ordinal))
            {
                client = Figures(line);
            }
        }

        // A run killed by its timeout, or one whose client never connected, leaves no result line to read.
        return server is not null && client is not null
            ? new FloorRun(server, client)
            : throw new ResultsFormatException($"{source}: no RESULT_SERVER and RESULT_CLIENT lines: the floor's run did not finish");
    }

    private static Dictionary<string, double> Figures(string line)
    {
        var figures = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var pair in line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && double.TryParse(pair.AsSpan(equals + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                figures[pair[..equals]] = value;
            }
        }

        return figures;
    }
}
