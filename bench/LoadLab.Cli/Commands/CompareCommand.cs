using System.CommandLine;
using System.Globalization;
using System.Text;
using LoadLab.Reports.Compare;
using LoadLab.Results;

namespace LoadLab.Cli.Commands;

/// <summary>
/// <c>loadlab compare A.json [B.json ...] [--out compare.html] [--names base,candidate]</c>: every transport
/// run of the files side by side, each against the first, as a self-contained HTML page and as Markdown
/// on the terminal. Exit 0, or 2 for bad input (a missing or unreadable file, names that do not match).
/// </summary>
internal static class CompareCommand
{
    private static readonly Argument<string[]> Files = new("results")
    {
        Description = "results.json files; the first transport run of the first file is the reference.",
        Arity = ArgumentArity.OneOrMore,
    };

    private static readonly Option<string> Out = new("--out") { Description = "Where to write the HTML page (default compare.html).", HelpName = "file", DefaultValueFactory = _ => "compare.html" };

    private static readonly Option<string?> Names = new("--names") { Description = "A name per file, comma-separated (default: each file's folder or file name).", HelpName = "a,b,..." };

    private static readonly Option<string?> Transports = new("--transports") { Description = "Compare only these transports, comma-separated (e.g. sse: Monday's SSE run against today's).", HelpName = "ws,sse,..." };

    private static readonly Option<string> Reference = new Option<string>("--reference")
    {
        Description = "What each column is compared with: 'first' (the first column) or 'transport' (the first column of its transport, for servers side by side).",
        DefaultValueFactory = _ => "first",
    }.AcceptOnlyFromAmong("first", "transport");

    private static readonly Option<string?> Markdown = new("--markdown") { Description = "Also write the Markdown tables to this file.", HelpName = "file" };

    private static readonly UTF8Encoding Utf8WithoutBom = new(encoderShouldEmitUTF8Identifier: false);

    public static Command Create()
    {
        var command = new Command("compare", "Compare runs side by side: a table per figure with changes and their significance, overlaid charts.")
        {
            Files, Out, Names, Transports, Reference, Markdown,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var paths = parse.GetValue(Files)!;
        Comparison comparison;
        try
        {
            var names = NamesFor(paths, parse.GetValue(Names));
            var transports = parse.GetValue(Transports)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var files = new List<ComparedFile>(paths.Length);
            var present = new SortedSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < paths.Length; i++)
            {
                var result = await ResultsFile.ReadAsync(paths[i], cancellationToken);
                present.UnionWith(result.Runs.Select(run => run.Transport));
                if (transports is not null)
                {
                    result = result with { Runs = [.. result.Runs.Where(run => transports.Contains(run.Transport, StringComparer.Ordinal))] };
                }

                files.Add(new ComparedFile(names[i], paths[i], result));
            }

            if (transports is not null && present.Count > 0 && files.All(file => file.Result.Runs.Count == 0))
            {
                await Console.Error.WriteLineAsync(
                    $"loadlab compare: --transports {string.Join(',', transports)}: no file has a run of these; they have {string.Join(", ", present)}");
                return ExitCodes.BadInput;
            }

            comparison = Comparison.Of(files, parse.GetValue(Reference) == "transport" ? ComparisonReference.SameTransport : ComparisonReference.First);
        }
        catch (Exception ex) when (ex is ResultsFormatException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"loadlab compare: {ex.Message}");
            return ExitCodes.BadInput;
        }

        try
        {
            await WriteAsync(comparison, parse.GetValue(Out)!, parse.GetValue(Markdown), cancellationToken);
        }
        catch (ResultsFormatException ex)
        {
            await Console.Error.WriteLineAsync($"loadlab compare: {ex.Message}");
            return ExitCodes.BadInput;
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// Prints the comparison as Markdown, writes it to <paramref name="markdownPath"/> when given and the page to
    /// <paramref name="htmlPath"/>. Both are rendered before any file is opened: an undecodable histogram
    /// (<see cref="ResultsFormatException"/>) leaves no half-written page.
    /// </summary>
    internal static async Task WriteAsync(Comparison comparison, string htmlPath, string? markdownPath, CancellationToken cancellationToken)
    {
        using var markdown = new StringWriter(CultureInfo.InvariantCulture);
        CompareMarkdownWriter.Write(comparison, markdown);
        using var html = new StringWriter(CultureInfo.InvariantCulture);
        CompareHtmlWriter.Write(comparison, html);

        Console.Write(markdown.ToString());
        if (markdownPath is not null)
        {
            await File.WriteAllTextAsync(markdownPath, markdown.ToString(), Utf8WithoutBom, cancellationToken);
        }

        var outPath = Path.GetFullPath(htmlPath);
        Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
        await File.WriteAllTextAsync(outPath, html.ToString(), Utf8WithoutBom, cancellationToken);
        Console.WriteLine($"\ncompare page: {outPath}");
    }

    /// <summary>
    /// <c>--names</c> when given (one per file), else each file's folder name for <c>results.json</c> (runs are
    /// written to <c>results/&lt;run-id&gt;/results.json</c>) or its file name; repeated names get a number.
    /// </summary>
    private static string[] NamesFor(string[] paths, string? names)
    {
        if (names is not null)
        {
            var given = names.Split(',', StringSplitOptions.TrimEntries);
            if (given.Length != paths.Length || given.Any(string.IsNullOrEmpty) || given.Distinct(StringComparer.Ordinal).Count() != given.Length)
            {
                throw new ArgumentException($"--names needs {paths.Length} distinct, non-empty names separated by commas (one per file), got '{names}'");
            }

            return given;
        }

        var derived = paths.Select(path => Path.GetFileName(path) == ResultsFile.FileName
            ? Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path))) ?? path
            : Path.GetFileNameWithoutExtension(path)).ToArray();
        return [.. derived.Select((name, i) => derived.Count(other => other == name) > 1 ? $"{name}#{i + 1}" : name)];
    }
}
