using System.Text.RegularExpressions;
using OxyPlot;

namespace LoadLab.Charts;

/// <summary>
/// Turns a plot into an <c>&lt;svg&gt;</c> element that can be pasted into an HTML page as it is: no XML
/// declaration (the exporter writes one even for a fragment), no namespace declarations (HTML puts an
/// inline <c>&lt;svg&gt;</c> in the SVG namespace by itself, and a self-contained page must not name any
/// URL), and clip-path ids made unique in the page — OxyPlot numbers them from 1 in every chart, and with
/// several charts on one page <c>url(#clipPath2)</c> would resolve to the first chart's clip rectangle.
/// </summary>
internal static partial class SvgFragment
{
    private const double Width = 880;
    private const double Height = 360;

    public static string Render(PlotModel model, string id)
    {
        if (!SafeId().IsMatch(id))
        {
            throw new ArgumentException($"'{id}' is not a chart id: lowercase letters, digits and '-', starting with a letter", nameof(id));
        }

        var svg = SvgExporter.ExportToString(model, Width, Height, isDocument: false, textMeasurer: new PixelTextMeasurer());
        svg = svg[svg.IndexOf("<svg", StringComparison.Ordinal)..]
            .Replace(" xmlns:xlink=\"http://www.w3.org/1999/xlink\"", "", StringComparison.Ordinal)
            .Replace(" xmlns=\"http://www.w3.org/2000/svg\"", "", StringComparison.Ordinal);
        return ClipPathId().Replace(svg, id + "-clip");
    }

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex SafeId();

    [GeneratedRegex(@"(?<=id=""|url\(#)clipPath(?=\d)")]
    private static partial Regex ClipPathId();
}
