using System.Globalization;
using LoadLab.Results;

namespace LoadLab.Reports;

/// <summary>
/// One row of the verdict table: what it shows, how to read it from a transport run, how to print it,
/// and which direction is better — so the best transport of each row can be marked without special cases.
/// </summary>
internal sealed record Figure(string Label, Func<TransportRunResult, double?> Value, string Format, bool LowerIsBetter)
{
    public static IReadOnlyList<Figure> Verdict { get; } =
    [
        new("connections established", r => r.Connections.Established, "N0", LowerIsBetter: false),
        new("connections failed", r => r.Connections.Failed, "N0", LowerIsBetter: true),
        new("connect time p99 (ms)", r => r.Connections.ConnectMs.P99, "N1", LowerIsBetter: true),
        new("delivered msg/s", r => r.Throughput.DeliveredPerSec, "N0", LowerIsBetter: false),
        new("delivered bytes/s", r => r.Throughput.BytesPerSec, "N0", LowerIsBetter: false),
        new("latency p50 (ms)", r => r.LatencyMs.P50, "N2", LowerIsBetter: true),
        new("latency p90 (ms)", r => r.LatencyMs.P90, "N2", LowerIsBetter: true),
        new("latency p99 (ms)", r => r.LatencyMs.P99, "N2", LowerIsBetter: true),
        new("latency p99.9 (ms)", r => r.LatencyMs.P999, "N2", LowerIsBetter: true),
        new("latency max (ms)", r => r.LatencyMs.Max, "N2", LowerIsBetter: true),
        new("messages lost", r => r.Messages.Lost, "N0", LowerIsBetter: true),
        new("messages duplicated", r => r.Messages.Duplicated, "N0", LowerIsBetter: true),
        new("messages out of order", r => r.Messages.OutOfOrder, "N0", LowerIsBetter: true),
        new("server memory per connection (bytes)", r => r.Server.MemoryPerConnectionBytes, "N0", LowerIsBetter: true),
        new("server CPU per delivered message (µs)", r => r.Server.CpuMicrosecondsPerDelivered, "N2", LowerIsBetter: true),
        new("client CPU (s)", r => r.Client.CpuSeconds, "N2", LowerIsBetter: true),
    ];

    public string Print(TransportRunResult run) => Value(run) is { } value ? value.ToString(Format, CultureInfo.InvariantCulture) : "n/a";

    /// <summary>The runs holding this row's best value; none when fewer than two runs have a value or all are equal.</summary>
    public IReadOnlySet<TransportRunResult> Best(IReadOnlyList<TransportRunResult> runs)
    {
        var known = runs.Where(run => Value(run) is not null).ToList();
        if (known.Count < 2 || known.Select(run => Value(run)).Distinct().Count() == 1)
        {
            return new HashSet<TransportRunResult>();
        }

        var best = LowerIsBetter ? known.Min(run => Value(run)) : known.Max(run => Value(run));
        return known.Where(run => Value(run) == best).ToHashSet();
    }
}
