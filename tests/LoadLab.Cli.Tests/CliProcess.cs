using System.Diagnostics;
using System.Runtime.InteropServices;

namespace LoadLab.Cli.Tests;

/// <summary>The real <c>loadlab</c> program, built next to the tests, run as its own process.</summary>
internal sealed partial class CliProcess : IDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly Process _process;

    private CliProcess(Process process) => _process = process;

    public StreamReader Output => _process.StandardOutput;

    public StreamReader Error => _process.StandardError;

    public static CliProcess Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "loadlab.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new CliProcess(Process.Start(start)!);
    }

    /// <summary>Runs the program to its end and returns its exit code and everything it printed.</summary>
    public static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] arguments)
    {
        using var cli = Start(arguments);
        var output = cli.Output.ReadToEndAsync();
        var error = cli.Error.ReadToEndAsync();
        var exit = await cli.WaitForExitAsync();
        return (exit, await output, await error);
    }

    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(Patience);
        return _process.ExitCode;
    }

    /// <summary>Asks the program to stop as Ctrl+C or an orchestrator would (SIGTERM).</summary>
    public void Terminate() => Assert.Equal(0, Kill(_process.Id, 15));

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
