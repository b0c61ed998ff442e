using LoadLab.Reports.Targets;
using LoadLab.Results;

namespace LoadLab.Reports.Tests.Targets;

public sealed class FloorRunTests
{
    /// <summary>The tail of a real log of <c>../shared/limit/run.sh</c>, trimmed.</summary>
    private const string Log = """
        # probe N=1000 rate=10 msgs=20 batch=1 maxsecs=5 port=19301 2026-12-06T18:58:40+00:00
        # t=1 sockstat: TCP: inuse 9 orphan 0 tw 12 alloc 2011 mem 17 slab_kB: 152664
        RESULT_SERVER N=1000 rate=10 batch=1 deliveries=20000 cpu_us_per_delivery=14.195 deliveries_per_s=10467 rss_B_per_conn=197 accept_s=0.13
        RESULT_CLIENT N=1000 connected=1000 failed=0 connect_s=0.03 cpu_us_per_recv=8.276 msgs_per_read=0.95 lat_us_p99=15073.3
        # sockstat after: TCP: inuse 9 orphan 0 tw 2012 alloc 11 mem 1
        """;

    [Fact]
    public void The_result_lines_figures_are_read_by_name()
    {
        var floor = FloorRun.Parse(Log, "floor.log");

        Assert.Equal(14.195, floor.Server["cpu_us_per_delivery"]);
        Assert.Equal(197, floor.Server["rss_B_per_conn"]);
        Assert.Equal(0.03, floor.Client["connect_s"]);
        Assert.Equal(15073.3, floor.Client["lat_us_p99"]);
        Assert.False(floor.Server.ContainsKey("RESULT_SERVER"));
    }

    [Fact]
    public void A_log_without_its_result_lines_is_refused_naming_the_file()
    {
        var unfinished = string.Join('\n', Log.Split('\n').Where(line => !line.StartsWith("RESULT_CLIENT", StringComparison.Ordinal)));

        var error = Assert.Throws<ResultsFormatException>(() => FloorRun.Parse(unfinished, "round-2/floor-fastest.log"));

        Assert.StartsWith("round-2/floor-fastest.log: no RESULT_SERVER and RESULT_CLIENT lines", error.Message, StringComparison.Ordinal);
    }
}
