using System.Globalization;
using System.Text;
using LoadLab.Results;

namespace LoadLab.Reports;

/// <summary>
/// What the reports say about clocks, next to the latency figures: across machines latency is only as good as the
/// clocks. An agent's file states its offset to the target; a merged file states every shard's, and how far its
/// latencies may be off (the receiving and the stamping agent's uncertainties added). Empty for a run on one clock.
/// </summary>
public static class ClockText
{
    /// <summary>One line per clock of the result; none for a run that is neither a shard nor merged.</summary>
    public static IReadOnlyList<string> Lines(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var lines = new List<string>();
        if (result.Clock is { } clock && result.Shard is { } shard)
        {
            lines.Add(Invariant($"shard {shard.Index}/{shard.Count} (publishing: {shard.Publishing}): {Offset(clock)}"));
        }

        lines.AddRange((result.MergedShards ?? []).Select(Describe));
        return lines;
    }

    public static string Describe(MergedShard shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        var text = new StringBuilder(Invariant($"shard {shard.Index} ({shard.MachineName}): "));
        text.Append(shard.Clock is { } clock ? Offset(clock) : "clock offset not estimated");
        if (shard.OffsetToPublisherMs is { } toPublisher)
        {
            text.Append(Invariant($"; {toPublisher:+0.###;-0.###;0} ms from the publishing shard's clock, corrected"));
        }

        if (shard.LatencyUncertaintyMs is { } uncertainty)
        {
            text.Append(Invariant($"; its latencies ± {uncertainty:0.###} ms"));
        }

        return text.ToString();
    }

    /// <summary>A Markdown section, or nothing.</summary>
    public static string Markdown(RunResult result)
    {
        var lines = Lines(result);
        return lines.Count == 0 ? "" : "\n**Clocks** (latency across machines is only as good as their clocks):\n\n" + string.Concat(lines.Select(line => $"- {line}\n"));
    }

    /// <summary>An HTML section, encoded, or nothing.</summary>
    public static string Html(RunResult result)
    {
        var lines = Lines(result);
        return lines.Count == 0
            ? ""
            : "<section id=\"clocks\"><h2>Clocks</h2>\n<p class=\"meta\">Latency across machines is only as good as their clocks: each agent ran on the target's clock (its own corrected by the offset below).</p><ul>"
                + string.Concat(lines.Select(line => $"<li>{HtmlPage.Encode(line)}</li>")) + "</ul></section>\n";
    }

    private static string Offset(ClockOffset clock) =>
        Invariant($"clock offset to the target {clock.OffsetMs:+0.###;-0.###;0} ms ± {clock.UncertaintyMs:0.###} ms ({clock.Source}, best of {clock.Samples}, round trip {clock.RoundTripMs:0.###} ms)");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
