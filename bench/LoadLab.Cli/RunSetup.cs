using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using LoadLab.Engine.Running;

namespace LoadLab.Cli;

/// <summary>What every command that runs a scenario sets up the same way: the run id, the embedded server, the commit.</summary>
internal static partial class RunSetup
{
    /// <summary>A unique, sortable run id that is also a safe folder name: <c>20261125-093000-quick</c>.</summary>
    public static string NewRunId(string scenarioName) => RunIdAt(DateTimeOffset.UtcNow, scenarioName);

    /// <summary>The run id of a run that starts at <paramref name="start"/>: the agents of a sharded run, given one start time, agree on it.</summary>
    public static string RunIdAt(DateTimeOffset start, string scenarioName) =>
        string.Create(CultureInfo.InvariantCulture, $"{start.UtcDateTime:yyyyMMdd-HHmmss}-{SafeName().Replace(scenarioName, "-")}");

    /// <summary>
    /// The reference server as a child process of this very program, so its memory and CPU are its own;
    /// pinned to <paramref name="cpus"/> when the scenario says so, its runtime sized for them.
    /// A restart (a scenario's <c>restartServer</c> fault) starts it again on the same address, pinned the same way.
    /// <paramref name="settings"/> are the scenario's server settings, as configuration keys (<c>Push:QueueSize</c>).
    /// </summary>
    public static Task<ITargetServer> StartEmbeddedServerAsync(IReadOnlyList<int> cpus, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken) =>
        ChildProcessServer.StartAsync(
            ServeOn("http://127.0.0.1:0", cpus, settings),
            ListeningLine(),
            TimeSpan.FromSeconds(30),
            new ChildProcessRestart(address => ServeOn(address.GetLeftPart(UriPartial.Authority), cpus, settings), pid => CpuAffinity.Pin(pid, cpus)),
            cancellationToken);

    private static ProcessStartInfo ServeOn(string urls, IReadOnlyList<int> cpus, IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "loadlab.dll"));
        foreach (var argument in (string[])["serve", "--urls", urls])
        {
            start.ArgumentList.Add(argument);
        }

        if (cpus.Count > 0)
        {
            start.Environment["DOTNET_PROCESSOR_COUNT"] = cpus.Count.ToString(CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in settings)
        {
            // The server reads its configuration from the environment too: Push__QueueSize is Push:QueueSize.
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return start;
    }

    /// <summary>The commit of the working folder, recorded with the results; null outside a git checkout.</summary>
    public static string? GitCommit()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", "rev-parse HEAD") { RedirectStandardOutput = true, RedirectStandardError = true });
            var commit = git?.StandardOutput.ReadToEnd().Trim();
            git?.WaitForExit();
            return git?.ExitCode == 0 && commit is { Length: 40 } ? commit : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    [GeneratedRegex("^LoadLab reference server on (?<address>http://\\S+)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex("[^A-Za-z0-9._-]+")]
    private static partial Regex SafeName();
}
