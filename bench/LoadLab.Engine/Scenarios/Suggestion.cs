namespace LoadLab.Engine.Scenarios;

/// <summary>" (did you mean 'rate'?)" for a name that is one or two typos away from a known one.</summary>
internal static class Suggestion
{
    public static string For(string name, IEnumerable<string> known)
    {
        var best = known.Select(candidate => (candidate, distance: Distance(name.ToUpperInvariant(), candidate.ToUpperInvariant())))
            .OrderBy(pair => pair.distance).FirstOrDefault();
        return best.candidate is not null && best.distance <= Math.Max(2, name.Length / 3) ? $" (did you mean '{best.candidate}'?)" : "";
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
