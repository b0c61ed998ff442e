namespace LoadLab.Reports.Statistics;

/// <summary>
/// The Mann–Whitney U test (Wilcoxon rank-sum): do two samples come from the same distribution? No
/// assumption of normality, which per-second latency percentiles do not meet. Two-sided p-value from the
/// normal approximation with tie correction and continuity correction, as R's
/// <c>wilcox.test(exact = FALSE, correct = TRUE)</c> computes it.
/// </summary>
public static class MannWhitney
{
    /// <summary>
    /// <see cref="PValue"/> is two-sided; <see cref="PValueSecondGreater"/> is the one-sided p-value of the
    /// alternative "the second sample tends to be larger than the first".
    /// </summary>
    public sealed record Result(double U1, double U2, double PValue, double PValueSecondGreater);

    public static Result Test(IReadOnlyList<double> first, IReadOnlyList<double> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Count == 0 || second.Count == 0)
        {
            throw new ArgumentException("Both samples need at least one value.");
        }

        var all = first.Select(value => (value, group: 0)).Concat(second.Select(value => (value, group: 1))).OrderBy(item => item.value).ToList();
        var n = all.Count;
        var rankSumFirst = 0.0;
        var tieTerm = 0.0;
        for (var i = 0; i < n;)
        {
            var j = i;
            while (j + 1 < n && all[j + 1].value == all[i].value)
            {
                j++;
            }

            // Tied values share the average of the ranks they span.
            var rank = ((i + 1) + (j + 1)) / 2.0;
            for (var k = i; k <= j; k++)
            {
                if (all[k].group == 0)
                {
                    rankSumFirst += rank;
                }
            }

            var ties = j - i + 1;
            tieTerm += ((double)ties * ties * ties) - ties;
            i = j + 1;
        }

        double n1 = first.Count, n2 = second.Count;
        var u1 = rankSumFirst - (n1 * (n1 + 1) / 2);
        var u2 = (n1 * n2) - u1;
        var mean = n1 * n2 / 2;
        var variance = n1 * n2 / 12 * ((n + 1) - (tieTerm / (n * (n - 1.0))));
        if (variance <= 0)
        {
            return new Result(u1, u2, 1, 1);
        }

        var z = (Math.Abs(u1 - mean) - 0.5) / Math.Sqrt(variance);
        // U2 counts the pairs in which the second sample's value is the larger one (as R's alternative = "greater"
        // with the samples swapped), continuity-corrected toward the mean.
        var zSecondGreater = (u2 - mean - 0.5) / Math.Sqrt(variance);
        return new Result(u1, u2, Math.Min(1, 2 * UpperTail(Math.Max(0, z))), UpperTail(zSecondGreater));
    }

    /// <summary>P(Z &gt; z) for a standard normal Z, via erfc (Numerical Recipes' Chebyshev fit, error below 1.2e-7).</summary>
    private static double UpperTail(double z)
    {
        if (z < 0)
        {
            return 1 - UpperTail(-z);
        }

        var x = z / Math.Sqrt(2);
        var t = 1 / (1 + (0.5 * x));
        // Horner form of the polynomial in t.
        double[] coefficients = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];
        var polynomial = 0.0;
        for (var i = coefficients.Length - 1; i >= 0; i--)
        {
            polynomial = coefficients[i] + (t * polynomial);
        }

        var erfc = t * Math.Exp((-x * x) + polynomial);
        return erfc / 2;
    }
}
