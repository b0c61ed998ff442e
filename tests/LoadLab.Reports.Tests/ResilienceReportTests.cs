using LoadLab.Reports.Compare;
using LoadLab.Results;

namespace LoadLab.Reports.Tests;

/// <summary>How the run report and the summary show a storm, a restart and slow clients.</summary>
public sealed class ResilienceReportTests
{
    private static RunResult Stormy()
    {
        var sample = SampleResult.Create();
        var ws = sample.Runs[0] with
        {
            Messages = sample.Runs[0].Messages with { Lost = 12, NotPublished = 40 },
            Reconnects = new ReconnectStats(300, 320, 300, 300, new ConnectTimeStats(110.5, 480.5, 512)),
            Faults =
            [
                new FaultEvent("drop", 6.0, 6.1, "drop 1 of ws") { ConnectionsDropped = 300 },
                new FaultEvent("restart", 10.0, 11.25, "restart server, down 1s"),
            ],
            SlowClients = new SlowClientStats(30, 200, new LatencyStats(5, 6, 9.5, 12, 15, 5.5), new LatencyStats(800, 900, 1600, 1700, 1800, 850), 0, 4000, 60, 0),
        };
        return sample with { Runs = [ws, .. sample.Runs.Skip(1)] };
    }

    [Fact]
    public void Report_has_a_section_on_reconnects_and_faults_with_one_sentence_per_fault()
    {
        var html = HtmlReportWriterTests.Render(Stormy());

        Assert.Contains("<h2 id=\"reconnects\">Reconnects and faults</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<li>ws: drop 1 of ws at 6.0 s: 300 connections cut</li>", html, StringComparison.Ordinal);
        Assert.Contains("ws: server killed at 10.0 s and listening again at 11.3 s (1.3 s down): 40 messages not published, 12 lost (accepted, never delivered), 0 duplicated, 300 resume gap notices", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>reconnect time p99 (ms)</td><td>480.5</td>", html, StringComparison.Ordinal);
        Assert.Contains("faults marked", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_compares_slow_clients_with_healthy_ones()
    {
        var html = HtmlReportWriterTests.Render(Stormy());

        Assert.Contains("<h2 id=\"slow-clients\">Slow clients</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>healthy clients p50 / p99 (ms)</td><td>5 / 9.5</td>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>disconnected by the server (slow consumer)</td><td>60</td>", html, StringComparison.Ordinal);
        // The bound is per connection: healthy clients' queues count too (a peak of 3,412 with 50 slow clients × 64 was seen).
        Assert.Contains("bounded by the queue size times the connections", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_without_faults_or_slow_clients_has_neither_section()
    {
        var html = HtmlReportWriterTests.Render(SampleResult.Create());

        Assert.DoesNotContain("id=\"reconnects\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"slow-clients\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("faults marked", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_has_a_line_per_fault_and_the_reconnect_figures()
    {
        using var output = new StringWriter();
        MarkdownReportWriter.Default.Write(Stormy(), output);
        var summary = output.ToString();

        Assert.Contains("\n- ws: drop 1 of ws at 6.0 s: 300 connections cut", summary, StringComparison.Ordinal);
        Assert.Contains("\n- ws: 300 connections lost, 300 reconnected in 320 attempts, reconnect time p50 110.5 ms / p99 480.5 ms; 12 lost, 0 duplicated", summary, StringComparison.Ordinal);
        Assert.Contains("\n- ws: 30 slow clients; healthy p99 9.5 ms, slow p99 1600 ms; 60 disconnected by the server", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_counts_the_messages_a_drop_oldest_server_dropped_from_slow_clients_queues()
    {
        var stormy = Stormy();
        var dropOldest = stormy with { Runs = [stormy.Runs[0] with { SlowClients = stormy.Runs[0].SlowClients! with { ServerSlowConsumersDisconnected = 0, ServerMessagesDropped = 1621 } }] };
        using var output = new StringWriter();
        MarkdownReportWriter.Default.Write(dropOldest, output);

        Assert.Contains("\n- ws: 30 slow clients; healthy p99 9.5 ms, slow p99 1600 ms; 0 disconnected by the server, 1,621 messages dropped by the server (full queue)", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Storm_figures_survive_the_results_file()
    {
        var stormy = Stormy();

        var read = ResultsJson.Deserialize(ResultsJson.Serialize(stormy), "stormy.json");

        Assert.Equal(stormy.Runs[0].Reconnects, read.Runs[0].Reconnects);
        Assert.Equal(stormy.Runs[0].Faults, read.Runs[0].Faults);
        Assert.Equal(stormy.Runs[0].SlowClients, read.Runs[0].SlowClients);
        Assert.Equal(40, read.Runs[0].Messages.NotPublished);
        Assert.Null(read.Runs[1].Reconnects);
    }

    [Fact]
    public void Compare_page_adds_reconnect_and_slow_client_rows_only_when_a_run_has_them()
    {
        static IEnumerable<string> Rows(Comparison comparison) => comparison.Sections.SelectMany(section => section.Rows).Select(row => row.Figure.Metric.Name);

        var stormy = Comparison.Of([new ComparedFile("storm", "storm.json", Stormy())]);
        var plain = Comparison.Of([new ComparedFile("plain", "plain.json", SampleResult.Create())]);

        Assert.Contains("reconnects.timeMs.p99", Rows(stormy));
        Assert.Contains("slowClients.healthyLatency.p99", Rows(stormy));
        Assert.Contains("Reconnects", stormy.Sections.Select(section => section.Title));
        Assert.DoesNotContain(Rows(plain), name => name.StartsWith("reconnects.", StringComparison.Ordinal) || name.StartsWith("slowClients.", StringComparison.Ordinal));
    }
}
