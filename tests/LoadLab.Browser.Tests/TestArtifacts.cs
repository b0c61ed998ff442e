namespace LoadLab.Browser.Tests;

/// <summary>Where tests leave files for people to look at: <c>results/tests/&lt;kind&gt;/</c> of the checkout (ignored by git, kept by CI).</summary>
internal static class TestArtifacts
{
    public static string Folder(string kind)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "LoadLab.sln")))
        {
            directory = directory.Parent;
        }

        var root = directory?.FullName ?? Path.GetTempPath();
        var folder = Path.Combine(root, "results", "tests", kind);
        Directory.CreateDirectory(folder);
        return folder;
    }
}
