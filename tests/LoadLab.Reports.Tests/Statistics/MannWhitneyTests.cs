using LoadLab.Reports.Statistics;

namespace LoadLab.Reports.Tests.Statistics;

public sealed class MannWhitneyTests
{
    [Fact]
    public void One_sided_p_value_matches_r()
    {
        // R: wilcox.test(6:10, 1:5, alternative = "greater", exact = FALSE) gives W = 25, p-value = 0.006093;
        // wilcox.test(1:5, 6:10, alternative = "greater", exact = FALSE) gives W = 0, p-value = 0.9967
        // (the continuity correction moves toward the mean on both sides, so the two do not add up to 1).
        var result = MannWhitney.Test([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);

        Assert.Equal(0.006093, result.PValueSecondGreater, 5);
        Assert.Equal(0.9967, MannWhitney.Test([6, 7, 8, 9, 10], [1, 2, 3, 4, 5]).PValueSecondGreater, 4);
    }

    [Fact]
    public void Separated_samples_match_the_textbook_values()
    {
        // R: wilcox.test(1:5, 6:10, exact = FALSE, correct = TRUE) gives W = 0, p-value = 0.01219.
        var result = MannWhitney.Test([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);

        Assert.Equal(0, result.U1);
        Assert.Equal(25, result.U2);
        Assert.Equal(0.012186, result.PValue, 5);
    }

    [Fact]
    public void Ties_share_ranks_and_correct_the_variance()
    {
        // Ranks of x = {1, 2, 2, 3, 4} among {1, 2, 2, 2, 3, 3, 4, 5, 6, 7}: 1, 3, 3, 5.5, 7 → W = 4.5; p = 0.1116.
        var result = MannWhitney.Test([1, 2, 2, 3, 4], [2, 3, 5, 6, 7]);

        Assert.Equal(4.5, result.U1);
        Assert.Equal(0.11161, result.PValue, 4);
    }

    [Fact]
    public void Identical_samples_are_not_different()
    {
        Assert.Equal(1, MannWhitney.Test([3, 3, 3, 3], [3, 3, 3, 3]).PValue);
        Assert.True(MannWhitney.Test([1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6]).PValue > 0.9);
    }
}
