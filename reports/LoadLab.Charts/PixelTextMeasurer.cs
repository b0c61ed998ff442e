using OxyPlot;

namespace LoadLab.Charts;

/// <summary>
/// Measures text in pixels for the SVG exporter, without any system font. OxyPlot's own measurer for SVG
/// (its PDF context, with Helvetica metrics built in) converts the font size from pixels to points but
/// returns the width in points, so every label comes out a quarter too narrow and long axis labels are
/// clipped at the chart's edge. Browsers draw the generic <c>sans-serif</c> with whatever the machine has
/// (DejaVu Sans on Linux runs up to a fifth wider than Helvetica), hence the allowance on top.
/// Holds the PDF context's font state: one instance per rendering.
/// </summary>
internal sealed class PixelTextMeasurer() : PdfRenderContext(1, 1, OxyColors.Undefined)
{
    private const double PixelsPerPoint = 96.0 / 72.0;
    private const double WideFontAllowance = 1.2;

    public override OxySize MeasureText(string text, string fontFamily, double fontSize, double fontWeight)
    {
        var size = base.MeasureText(text, fontFamily, fontSize, fontWeight);
        return new OxySize(size.Width * PixelsPerPoint * WideFontAllowance, size.Height * PixelsPerPoint);
    }
}
