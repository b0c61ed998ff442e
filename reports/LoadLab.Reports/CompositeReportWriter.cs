using System.Globalization;
using System.Text;
using LoadLab.Results;

namespace LoadLab.Reports;

/// <summary>
/// Writes several reports of one run, each to its own file in the run's folder. Not an
/// <see cref="IReportWriter"/> itself: the reports go to different files, so there is no one file name
/// for them. Every report is rendered in memory before its file is opened, so a result that cannot be
/// reported (an undecodable histogram) leaves no half-written file behind.
/// </summary>
public sealed class CompositeReportWriter
{
    /// <summary>What <c>loadlab run</c> writes: <c>report.html</c> and <c>summary.md</c>.</summary>
    public static readonly CompositeReportWriter Default = new(HtmlReportWriter.Default, MarkdownReportWriter.Default);

    private static readonly UTF8Encoding Utf8WithoutBom = new(encoderShouldEmitUTF8Identifier: false);

    public CompositeReportWriter(params IReportWriter[] writers)
    {
        ArgumentNullException.ThrowIfNull(writers);
        Writers = [.. writers];
    }

    public IReadOnlyList<IReportWriter> Writers { get; }

    /// <summary>Writes every report into <paramref name="folder"/> (created if missing) and returns the files' paths, in the writers' order.</summary>
    public async Task<IReadOnlyList<string>> WriteToFolderAsync(RunResult result, string folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(folder);
        Directory.CreateDirectory(folder);
        var paths = new List<string>(Writers.Count);
        foreach (var writer in Writers)
        {
            using var report = new StringWriter(CultureInfo.InvariantCulture);
            writer.Write(result, report);
            var path = Path.Combine(folder, writer.FileName);
            await File.WriteAllTextAsync(path, report.ToString(), Utf8WithoutBom, cancellationToken).ConfigureAwait(false);
            paths.Add(path);
        }

        return paths;
    }
}
