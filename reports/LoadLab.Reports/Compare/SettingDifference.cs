namespace LoadLab.Reports.Compare;

/// <summary>A setting whose value is not the same in every compared run (null where a run does not have it).</summary>
public sealed record SettingDifference(string Key, IReadOnlyList<string?> Values)
{
    /// <summary>The keys whose values differ between the runs' settings, in key order.</summary>
    public static IReadOnlyList<SettingDifference> Between(IReadOnlyList<IReadOnlyDictionary<string, string>> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return [.. settings.SelectMany(setting => setting.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(key => new SettingDifference(key, [.. settings.Select(setting => setting.GetValueOrDefault(key))]))
            .Where(difference => difference.Values.Distinct(StringComparer.Ordinal).Count() > 1)];
    }
}
