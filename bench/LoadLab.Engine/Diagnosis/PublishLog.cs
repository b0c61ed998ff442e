namespace LoadLab.Engine.Diagnosis;

/// <summary>
/// The probe's own test events: each payload carries <see cref="Marker"/> and its index, so an arrival is matched to
/// its send time. <see cref="SentAt"/> is indexed like the events (null when that publish failed).
/// </summary>
public sealed record PublishLog(Uri Url, string Marker, TimeSpan Interval, IReadOnlyList<TimeSpan?> SentAt, string? Failure)
{
    public int Published => SentAt.Count(s => s is not null);

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

        return int.TryParse(digits[..length], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
            && index < SentAt.Count ? index : null;
    }
}
