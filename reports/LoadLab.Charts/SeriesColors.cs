using OxyPlot;

namespace LoadLab.Charts;

/// <summary>One colour per transport in every chart, so a reader follows a transport from chart to chart.</summary>
internal static class SeriesColors
{
    private static readonly Dictionary<string, OxyColor> Known = new(StringComparer.Ordinal)
    {
        ["ws"] = OxyColor.FromRgb(0x1F, 0x77, 0xB4),
        ["sse"] = OxyColor.FromRgb(0xFF, 0x7F, 0x0E),
        ["longpoll"] = OxyColor.FromRgb(0x2C, 0xA0, 0x2C),
    };

    /// <summary>Transports LoadLab does not ship (adapters, foreign names) still get distinct colours, by position.</summary>
    private static readonly OxyColor[] Others = [OxyColor.FromRgb(0xD6, 0x27, 0x28), OxyColor.FromRgb(0x94, 0x67, 0xBD), OxyColor.FromRgb(0x8C, 0x56, 0x4B)];

    public static OxyColor For(string transport, int index) => Known.TryGetValue(transport, out var color) ? color : Others[index % Others.Length];
}
