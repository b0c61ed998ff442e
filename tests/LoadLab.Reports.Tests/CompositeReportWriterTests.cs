namespace LoadLab.Reports.Tests;

public sealed class CompositeReportWriterTests
{
    [Fact]
    public async Task Default_writes_the_html_report_and_the_markdown_summary_into_the_run_folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "loadlab-reports-" + Guid.NewGuid().ToString("N"));
        try
        {
            var sample = SampleResult.Create();

            var paths = await CompositeReportWriter.Default.WriteToFolderAsync(sample, folder, CancellationToken.None);

            Assert.Equal([Path.Combine(folder, "report.html"), Path.Combine(folder, "summary.md")], paths);
            Assert.Equal(HtmlReportWriterTests.Render(sample), await File.ReadAllTextAsync(paths[0]));
            Assert.StartsWith("## LoadLab: quick", await File.ReadAllTextAsync(paths[1]), StringComparison.Ordinal);
            Assert.NotEqual(0xEF, (await File.ReadAllBytesAsync(paths[0]))[0]);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
