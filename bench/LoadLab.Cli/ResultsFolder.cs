using LoadLab.Results;

namespace LoadLab.Cli;

/// <summary>
/// Claims the folder a run writes to before the run starts, so a bad <c>--out</c> fails in a second rather than
/// after the run, and no run overwrites another's results: the default folder is new each time, and a given
/// folder that already holds a <c>results.json</c> is refused.
/// </summary>
internal static class ResultsFolder
{
    /// <summary>Creates the folder (<paramref name="requested"/>, else one under <paramref name="resultsRoot"/>); false with the reason when it cannot be used.</summary>
    public static bool TryClaim(string? requested, string runId, out string folder, out string? error, string resultsRoot = "results")
    {
        error = null;
        if (requested is null)
        {
            // Run ids are unique to the second: a second run of the same scenario within it gets -2, -3, ...
            var first = Path.Combine(resultsRoot, runId);
            folder = first;
            for (var n = 2; Directory.Exists(folder) || File.Exists(folder); n++)
            {
                folder = $"{first}-{n}";
            }

            return TryCreate(folder, "results", ref error);
        }

        folder = requested;
        try
        {
            _ = Path.GetFullPath(requested);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            error = $"--out '{requested}' is not a usable path: {ex.Message}";
            return false;
        }

        if (requested.Length == 0 || File.Exists(requested))
        {
            error = $"--out '{requested}' is not a folder";
            return false;
        }

        if (File.Exists(Path.Combine(requested, ResultsFile.FileName)))
        {
            error = $"--out '{requested}' already holds a run's {ResultsFile.FileName}; results are never overwritten: give a new folder";
            return false;
        }

        return TryCreate(requested, "--out", ref error);
    }

    /// <summary>
    /// The id of the run that claimed <paramref name="folder"/>: the default folder's own name, so that a second run within
    /// one second (folder <c>…-2</c>) gets a new id too; a run given <c>--out</c> keeps <paramref name="runId"/>.
    /// </summary>
    public static string RunIdOf(string? requested, string runId, string folder) => requested is null ? Path.GetFileName(folder) : runId;

    private static bool TryCreate(string folder, string what, ref string? error)
    {
        try
        {
            Directory.CreateDirectory(folder);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"cannot create the {what} folder '{folder}': {ex.Message}";
            return false;
        }
    }
}
