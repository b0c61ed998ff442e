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
    public async Task A_file_over_512_MB_is_refused_by_its_size_naming_it_before_it_is_read()
    {
        // Read whole first, a file of gigabytes failed with "The length cannot be greater than the capacity", naming nothing.
        var folder = Directory.CreateTempSubdirectory("loadlab-huge-").FullName;
        var path = Path.Combine(folder, ResultsFile.FileName);
        try
        {
            using (var file = File.Create(path))
            {
                file.SetLength(ResultsFile.MaxFileBytes + 1);
            }

            var error = await Assert.ThrowsAsync<ResultsFormatException>(() => ResultsFile.ReadAsync(path, CancellationToken.None));

            Assert.Equal($"{path}: the file is 536,870,913 bytes; a results file is at most 536,870,912", error.Message);
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
