using System.Globalization;

namespace LoadLab.Engine.Diagnosis;

/// <summary>
/// The status line and headers of the response to the probe's request, as they came (a proxy's changes
/// included), and the first line of a non-streaming body: a server's own explanation of a refusal.
/// </summary>
public sealed record ResponseHead(string Version, int StatusCode, string ReasonPhrase, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public string? BodyFirstLine { get; init; }

    public string StatusLine => string.Create(CultureInfo.InvariantCulture, $"{Version} {StatusCode} {ReasonPhrase}").TrimEnd();

    /// <summary>The header's value (values of a repeated header joined with ", "), or null when absent.</summary>
    public string? Header(string name)
    {
        var values = Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
        return values.Count == 0 ? null : string.Join(", ", values);
    }

    /// <summary>The header as evidence, <c>Name: value</c>, or null when absent.</summary>
    public string? HeaderLine(string name) => Header(name) is { } value ? $"{name}: {value}" : null;

    /// <summary>Reads <c>HTTP/1.1 400 Bad Request</c> and the header lines that follow; null when the text is not an HTTP response.</summary>
    public static ResponseHead? Parse(string head)
    {
        var lines = head.Split("\r\n");
        var status = lines[0].Split(' ', 3);
        if (status.Length < 2 || !status[0].StartsWith("HTTP/", StringComparison.Ordinal)
            || !int.TryParse(status[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            return null;
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
            }
        }

        return new ResponseHead(status[0], code, status.Length > 2 ? status[2] : "", headers);
    }
}
