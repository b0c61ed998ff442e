namespace LoadLab.Results.Tests;

public sealed class ResultsFileTests
{
    [Fact]
    public async Task Atomic_write_replaces_the_file_whole_and_leaves_no_temporary_file()
    {
        var folder = Directory.CreateTempSubdirectory("loadlab-results-").FullName;
        var path = Path.Combine(folder, "run", ResultsFile.FileName);
        try
        {
            await ResultsFile.WriteAtomicallyAsync(path, SampleResults.Create("first"), CancellationToken.None);
            await ResultsFile.WriteAtomicallyAsync(path, SampleResults.Create("second"), CancellationToken.None);

            Assert.Equal("second", (await ResultsFile.ReadAsync(path, CancellationToken.None)).Scenario);
            Assert.Equal([ResultsFile.FileName], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Reading_a_missing_file_names_it()
    {
        var error = await Assert.ThrowsAsync<ResultsFormatException>(() => ResultsFile.ReadAsync("nowhere/results.json", CancellationToken.None));
        Assert.Equal("nowhere/results.json: no such file", error.Message);
    }
}
