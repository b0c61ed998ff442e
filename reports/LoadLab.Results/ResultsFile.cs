using System.Text;

namespace LoadLab.Results;

/// <summary>
/// The results file on disk. Writing goes to a temporary file in the same folder, flushed to disk, then
/// renamed over the target: a reader (or a crash) never sees half a file.
/// </summary>
public static class ResultsFile
{
    public const string FileName = "results.json";

    /// <summary>The largest results file read (a day-long run's is tens of megabytes); one of gigabytes failed with an unnamed OutOfMemory or ArgumentException.</summary>
    public const long MaxFileBytes = 512L * 1024 * 1024;

    public static async Task WriteAtomicallyAsync(string path, RunResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes(ResultsJson.Serialize(result)), cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public static async Task<RunResult> ReadAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ResultsFormatException($"{path}: no such file");
        }

        if (new FileInfo(path).Length is var length and > MaxFileBytes)
        {
            throw new ResultsFormatException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{path}: the file is {length:N0} bytes; a results file is at most {MaxFileBytes:N0}"));
        }

        return ResultsJson.Deserialize(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), path);
    }
}
