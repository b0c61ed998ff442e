namespace LoadLab.Cli;

/// <summary>Finds the LoadLab checkout: from the working directory upwards, then from the program's own folder upwards.</summary>
internal static class RepositoryRoot
{
    public static string? Find(string markerFile) =>
        FindAbove(Environment.CurrentDirectory, markerFile) ?? FindAbove(AppContext.BaseDirectory, markerFile);

    private static string? FindAbove(string start, string markerFile)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, markerFile)))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
