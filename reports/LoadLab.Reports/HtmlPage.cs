using System.Net;
using System.Text;

namespace LoadLab.Reports;

/// <summary>What LoadLab's HTML pages share: one style sheet (inline: a page must open offline) and one way to encode text.</summary>
internal static class HtmlPage
{
    public const string Style = """
        body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:960px;padding:0 1rem;color:#222}
        h1{margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
        .meta{color:#555}table{border-collapse:collapse;margin:.5rem 0}
        th,td{border:1px solid #ddd;padding:.3rem .6rem;text-align:right}th:first-child,td:first-child,.text{text-align:left}
        td.best{background:#e3f4e1;font-weight:600}.pass{color:#1a7f37}.fail{color:#c62828;font-weight:600}
        .banner{padding:.6rem 1rem;border-radius:4px;margin:.8rem 0}.aborted{background:#fdecea;border:1px solid #c62828}
        .saturated{background:#fff4e5;border:1px solid #ef6c00}figure{margin:1rem 0}svg{max-width:100%;height:auto}
        .change{display:block;font-size:.8em;font-weight:400}.worse{color:#c62828}.better{color:#1a7f37}.noise{color:#777}
        .differs{background:#fff4e5;border:1px solid #ef6c00}
        """;

    /// <summary>Every string from a results file is encoded: a results file can come from anyone's scenario.</summary>
    public static string Encode(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A chart under its heading; the figure's id lets a test (or a link) find it.</summary>
    public static void Chart(StringBuilder html, string id, string heading, string svg) =>
        html.Append("<h2>").Append(heading).Append("</h2>\n<figure id=\"").Append(id).Append("\">").Append(svg).Append("</figure>\n");
}
