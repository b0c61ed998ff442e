using LoadLab.Reports.Compare;
using LoadLab.Results;

namespace LoadLab.Reports.Tests.Compare;

/// <summary>
/// Results files of real runs, committed so the compare tests read what <c>loadlab run</c> writes:
/// <c>quick-base.json</c> is the quick scenario at 100 connections, 10 s held; <c>quick-delayed.json</c> is the same
/// with the reference server delaying every publish by 15 ms (<c>Server__PublishDelay=00:00:00.015</c>), a
/// regression made on purpose. Both: see Fixtures/README.md for the commands.
/// </summary>
internal static class Fixtures
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static RunResult Read(string name) => ResultsJson.Deserialize(System.IO.File.ReadAllText(PathOf(name)), name);

    public static ComparedFile File(string name, string fixture) => new(name, PathOf(fixture), Read(fixture));
}
