using System.Globalization;
using System.Text;
using LoadLab.Results;

namespace LoadLab.Reports;

/// <summary>
/// The run report's sections on connections lost and slow readers, shown only for runs that have them:
/// reconnects and faults (a storm of drops, a server restart), and slow clients against healthy ones.
/// </summary>
internal static class ResilienceHtml
{
    public static void WriteReconnects(StringBuilder html, IReadOnlyList<TransportRunResult> runs)
    {
        if (!runs.Any(run => run.Reconnects is { Drops: > 0 } || run.Faults is { Count: > 0 }))
        {
            return;
        }

        html.Append("<h2 id=\"reconnects\">Reconnects and faults</h2>\n");
        var lines = runs.SelectMany(FaultSummary.Lines).ToList();
        if (lines.Count > 0)
        {
            html.Append("<ul>");
            foreach (var line in lines)
            {
                html.Append("<li>").Append(HtmlPage.Encode(line)).Append("</li>");
            }

            html.Append("</ul>\n");
        }

        Table(html, runs,
        [
            ("connections lost", r => Count(r.Reconnects?.Drops)),
            ("reconnect attempts", r => Count(r.Reconnects?.Attempts)),
            ("reconnected", r => Count(r.Reconnects?.Reconnected)),
            ("reconnect time p50 (ms)", r => Ms(r.Reconnects?.TimeMs.P50)),
            ("reconnect time p99 (ms)", r => Ms(r.Reconnects?.TimeMs.P99)),
            ("reconnect time max (ms)", r => Ms(r.Reconnects?.TimeMs.Max)),
            ("resume gap notices", r => Count(r.Reconnects?.ResumeGaps)),
            ("messages not published", r => Count(r.Messages.NotPublished)),
            ("messages lost", r => Count(r.Messages.Lost)),
            ("messages duplicated", r => Count(r.Messages.Duplicated)),
        ]);
        html.Append("<p class=\"meta\">Reconnect time runs from the moment a client saw its connection end to the moment it was connected again, backoff included. ")
            .Append("Lost messages were accepted by the server but never reached a client that was owed them; messages the server did not accept (it was down) are not published, and owed to no one.</p>\n");
    }

    public static void WriteSlowClients(StringBuilder html, IReadOnlyList<TransportRunResult> runs)
    {
        if (!runs.Any(run => run.SlowClients is not null))
        {
            return;
        }

        html.Append("<h2 id=\"slow-clients\">Slow clients</h2>\n");
        Table(html, runs,
        [
            ("slow clients", r => Count(r.SlowClients?.Clients)),
            ("delay per message (ms)", r => Ms(r.SlowClients?.DelayPerMessageMs)),
            ("healthy clients p50 / p99 (ms)", r => r.SlowClients is { } s ? $"{Ms(s.HealthyLatencyMs.P50)} / {Ms(s.HealthyLatencyMs.P99)}" : "n/a"),
            ("slow clients p50 / p99 (ms)", r => r.SlowClients is { } s ? $"{Ms(s.SlowLatencyMs.P50)} / {Ms(s.SlowLatencyMs.P99)}" : "n/a"),
            ("healthy clients' messages lost", r => Count(r.SlowClients?.HealthyLost)),
            ("slow clients' messages lost", r => Count(r.SlowClients?.SlowLost)),
            ("disconnected by the server (slow consumer)", r => Count(r.SlowClients?.ServerSlowConsumersDisconnected)),
            ("messages dropped by the server (full queue)", r => Count(r.SlowClients?.ServerMessagesDropped)),
            ("server RSS peak (MB)", r => Megabytes(r.Server.RssBytesPeak)),
            ("server managed heap peak (MB)", r => Megabytes(r.Server.GcHeapBytesPeak)),
            ("server queue depth peak (messages)", r => Count(r.Server.QueueDepthPeak)),
        ]);
        html.Append("<p class=\"meta\">Slow clients stop reading their socket after each message; the server's queue for them fills and its backpressure policy applies. ")
            .Append("Each connection's queue holds at most the server's queue size, so the queue depth peak is bounded by the queue size times the connections; ")
            .Append("it comes near the queue size times the slow clients (they fill theirs), a little above when healthy clients' queues hold messages in passing.</p>\n");
    }

    private static void Table(StringBuilder html, IReadOnlyList<TransportRunResult> runs, IReadOnlyList<(string Label, Func<TransportRunResult, string> Value)> rows)
    {
        html.Append("<table><tr><th>figure</th>");
        foreach (var run in runs)
        {
            html.Append("<th>").Append(HtmlPage.Encode(run.Label)).Append("</th>");
        }

        html.Append("</tr>\n");
        foreach (var (label, value) in rows)
        {
            html.Append("<tr><td>").Append(HtmlPage.Encode(label)).Append("</td>");
            foreach (var run in runs)
            {
                html.Append("<td>").Append(HtmlPage.Encode(value(run))).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</table>\n");
    }

    private static string Count(long? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "n/a";

    private static string Ms(double? value) => value is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) : "n/a";

    private static string Megabytes(long? bytes) => bytes is { } b ? (b / 1_000_000.0).ToString("0.0", CultureInfo.InvariantCulture) : "n/a";
}
