using System.CommandLine;
using System.Text;
using LoadLab.Reports.Targets;
using LoadLab.Results;

namespace LoadLab.Cli.Commands;

/// <summary>
/// <c>loadlab targets DIR</c>: the scale targets' table from a sitting of <c>bench/scale-sitting.sh</c> — every row with
/// LoadLab's figure beside the Node peers' and the machine's floor, over the sitting's rounds — written to
/// <c>DIR/targets.md</c> and shown. Exit 0, or 2 when the folder is not a readable sitting.
/// </summary>
internal static class TargetsCommand
{
    public const string FileName = "targets.md";

    private static readonly Argument<string> Folder = new("sitting") { Description = "The folder bench/scale-sitting.sh wrote (its round-N folders)." };

    private static readonly UTF8Encoding Utf8WithoutBom = new(encoderShouldEmitUTF8Identifier: false);

    public static Command Create()
    {
        var command = new Command("targets", "Tabulate the scale targets from a sitting of bench/scale-sitting.sh: LoadLab, the Node peers and the machine's floor.") { Folder };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var folder = parse.GetValue(Folder)!;
        string table;
        try
        {
            table = TargetsMarkdownWriter.Write(await Sitting.ReadAsync(folder, cancellationToken));
        }
        catch (ResultsFormatException ex)
        {
            await Console.Error.WriteLineAsync($"loadlab targets: {ex.Message}");
            return ExitCodes.BadInput;
        }

        var path = Path.Combine(folder, FileName);
        await File.WriteAllTextAsync(path, table, Utf8WithoutBom, cancellationToken);
        Console.Write(table);
        Console.WriteLine($"\ntable: {path}");
        return ExitCodes.Ok;
    }
}
