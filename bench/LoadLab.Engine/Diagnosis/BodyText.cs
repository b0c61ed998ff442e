using System.Text;
using System.Text.RegularExpressions;

namespace LoadLab.Engine.Diagnosis;

/// <summary>
/// The first line of a refusal's body that says something: a server's own reason (the reference server names the
/// missing headers), or the text of an error page (<c>404 Not Found</c> from nginx's <c>&lt;title&gt;</c>, not <c>&lt;html&gt;</c>).
/// </summary>
internal static partial class BodyText
{
    /// <summary>Enough for a reason or the top of an error page; the probe never reads a whole body.</summary>
    public const int MaxBytes = 4096;

    private const int MaxLineLength = 240;

    /// <summary>The first line with text in <paramref name="body"/>; a chunked body's size lines are skipped.</summary>
    public static string? FirstLine(ReadOnlySpan<byte> body, bool chunked)
    {
        var lines = Encoding.UTF8.GetString(body).Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0);
        if (chunked)
        {
            lines = lines.Where(line => !line.All(char.IsAsciiHexDigit));
        }

        var first = lines.Select(line => line.StartsWith('<') ? Markup().Replace(line, " ").Trim() : line).FirstOrDefault(line => line.Length > 0);
        return first is { Length: > MaxLineLength } ? first[..MaxLineLength] + "…" : first;
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Markup();
}
