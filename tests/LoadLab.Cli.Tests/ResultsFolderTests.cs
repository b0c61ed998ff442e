namespace LoadLab.Cli.Tests;

public sealed class ResultsFolderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("loadlab-folder-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_given_folder_is_created_and_one_holding_results_is_refused()
    {
        var given = Path.Combine(_root, "a", "b");

        Assert.True(ResultsFolder.TryClaim(given, "id", out var folder, out _));
        Assert.True(Directory.Exists(folder));
        File.WriteAllText(Path.Combine(given, "results.json"), "{}");

        Assert.False(ResultsFolder.TryClaim(given, "id", out _, out var error));
        Assert.Contains("already holds a run's results.json; results are never overwritten", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_or_an_unusable_path_is_refused_with_the_reason()
    {
        var file = Path.Combine(_root, "file");
        File.WriteAllText(file, "");

        Assert.False(ResultsFolder.TryClaim(file, "id", out _, out var notFolder));
        Assert.False(ResultsFolder.TryClaim("bad\0name", "id", out _, out var badPath));
        Assert.False(ResultsFolder.TryClaim(Path.Combine(file, "below"), "id", out _, out var underFile));

        Assert.Contains("is not a folder", notFolder, StringComparison.Ordinal);
        Assert.Contains("is not a usable path", badPath, StringComparison.Ordinal);
        Assert.Contains("cannot create the --out folder", underFile, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_folder_is_new_each_time_even_within_one_second()
    {
        var results = Path.Combine(_root, "results");

        Assert.True(ResultsFolder.TryClaim(null, "20261125-100000-quick", out var first, out _, results));
        Assert.True(ResultsFolder.TryClaim(null, "20261125-100000-quick", out var second, out _, results));

        Assert.Equal(Path.Combine(results, "20261125-100000-quick"), first);
        Assert.Equal(Path.Combine(results, "20261125-100000-quick-2"), second);
        // Each run's id is its folder's name: the second run of the second has an id of its own, not the first one's.
        Assert.Equal("20261125-100000-quick", ResultsFolder.RunIdOf(null, "20261125-100000-quick", first));
        Assert.Equal("20261125-100000-quick-2", ResultsFolder.RunIdOf(null, "20261125-100000-quick", second));
        Assert.Equal("20261125-100000-quick", ResultsFolder.RunIdOf(Path.Combine(_root, "given"), "20261125-100000-quick", Path.Combine(_root, "given")));
    }
}
