using System.Globalization;

namespace LoadLab.Engine.Diagnosis;

/// <summary>
/// The probe's own test events: each payload carries <see cref="Marker"/> and its index, so an arrival is matched to
/// its publish. <see cref="Events"/> is indexed like the events (null when that publish failed).
/// </summary>
public sealed record PublishLog(Uri Url, string Marker, TimeSpan Interval, IReadOnlyList<PublishedEvent?> Events, string? Failure)
{
    public int Published => Events.Count(e => e is not null);

    /// <summary>The index of the test event in <paramref name="data"/>, or null when it is not one of ours.</summary>
    public int? IndexOf(string data)
    {
        var at = data.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var digits = data.AsSpan(at + Marker.Length).TrimStart(' ');
        var length = 0;
        while (length < digits.Length && char.IsAsciiDigit(digits[length]))
        {
            length++;
        }

        return int.TryParse(digits[..length], NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < Events.Count ? index : null;
    }
}
