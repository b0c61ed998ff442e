using LoadLab.Charts;

namespace LoadLab.Reports.Tests;

public sealed class SvgChartsTests
{
    [Theory]
    [InlineData("")]
    [InlineData("Delivered")]
    [InlineData("a\"><script>")]
    public void A_chart_id_that_could_break_the_page_is_refused(string id)
    {
        Assert.Throws<ArgumentException>(() => SvgCharts.DeliveredPerSecond(id, SampleResult.Create().Runs));
    }

    [Fact]
    public void A_chart_is_a_standalone_svg_element()
    {
        var svg = SvgCharts.ConnectionsOverTime("connections", SampleResult.Create().Runs);

        Assert.StartsWith("<svg ", svg, StringComparison.Ordinal);
        Assert.EndsWith("</svg>", svg.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains("width=\"880\" height=\"360\"", svg, StringComparison.Ordinal);
    }
}
