using System.Text;

namespace LoadLab.Engine.Diagnosis;

/// <summary>The first line of a refusal's body: a server's own reason (the reference server names the missing headers).</summary>
internal static class BodyText
{
    /// <summary>Enough for a reason or the top of an error page; the probe never reads a whole body.</summary>
    public const int MaxBytes = 4096;

    private const int MaxLineLength = 240;

    /// <summary>The first non-blank line of <paramref name="body"/>; a chunked body's size lines are skipped.</summary>
    public static string? FirstLine(ReadOnlySpan<byte> body, bool chunked)
    {
        var lines = Encoding.UTF8.GetString(body).Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0);
        if (chunked)
        {
            lines = lines.Where(line => !IsChunkSize(line));
        }

        var first = lines.FirstOrDefault();
        return first is { Length: > MaxLineLength } ? first[..MaxLineLength] + "…" : first;
    }

    private static bool IsChunkSize(string line) => line.All(char.IsAsciiHexDigit);
}
