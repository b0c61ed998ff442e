using System.Diagnostics;
using System.Text.RegularExpressions;

namespace LoadLab.Engine.Running;

/// <summary>
/// A server in a child process (the reference server via <c>loadlab serve --urls http://127.0.0.1:0</c>):
/// its own memory, CPU and file-descriptor budget, so server figures are the server's alone. Its address
/// is read from the first output line that matches <c>listeningLine</c>: group <c>address</c> (a URL), or
/// group <c>port</c> for a server that names only its port (on 127.0.0.1).
/// </summary>
public sealed partial class ChildProcessServer : ITargetServer
{
    private readonly Regex _listeningLine;
    private readonly TimeSpan _startTimeout;
    private readonly ChildProcessRestart? _restart;
    private Process _process;
    private volatile int _processId;

    private ChildProcessServer(Process process, Uri address, Regex listeningLine, TimeSpan startTimeout, ChildProcessRestart? restart)
    {
        _process = process;
        _processId = process.Id;
        Address = address;
        _listeningLine = listeningLine;
        _startTimeout = startTimeout;
        _restart = restart;
    }

    public Uri Address { get; }

    /// <summary>The running process; null while a restart has it down.</summary>
    public int? ProcessId => _processId is var id and > 0 ? id : null;

    public bool CanRestart => _restart is not null;

    public static Task<ITargetServer> StartAsync(ProcessStartInfo start, Regex listeningLine, TimeSpan startTimeout, CancellationToken cancellationToken) =>
        StartAsync(start, listeningLine, startTimeout, restart: null, cancellationToken);

    /// <summary>Starts the process; with <paramref name="restart"/>, <see cref="RestartAsync"/> can start it again on the same address.</summary>
    public static async Task<ITargetServer> StartAsync(ProcessStartInfo start, Regex listeningLine, TimeSpan startTimeout, ChildProcessRestart? restart, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(listeningLine);
        var (process, address) = await LaunchAsync(start, listeningLine, startTimeout, cancellationToken).ConfigureAwait(false);
        restart?.Started(process.Id);
        return new ChildProcessServer(process, address, listeningLine, startTimeout, restart);
    }

    /// <summary>Kills the process (SIGKILL: a crash), waits <paramref name="down"/>, and starts it again on the same address.</summary>
    public async Task RestartAsync(TimeSpan down, CancellationToken cancellationToken)
    {
        var restart = _restart ?? throw new NotSupportedException("this server process was started without a way to start it again");
        _processId = 0;
        await StopAsync().ConfigureAwait(false);
        await Task.Delay(down, cancellationToken).ConfigureAwait(false);
        var (process, address) = await LaunchAsync(restart.StartOn(Address), _listeningLine, _startTimeout, cancellationToken).ConfigureAwait(false);
        _process = process;
        _processId = process.Id;
        restart.Started(process.Id);
        if (address.Port != Address.Port)
        {
            throw new InvalidOperationException($"the restarted server listens on {address}, not on {Address}");
        }
    }

    private static async Task<(Process Process, Uri Address)> LaunchAsync(ProcessStartInfo start, Regex listeningLine, TimeSpan startTimeout, CancellationToken cancellationToken)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(startTimeout);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false) is { } line)
            {
                var match = listeningLine.Match(line);
                if (match.Success)
                {
                    // Keep reading its output, or a chatty server would block on a full pipe.
                    _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
                    _ = process.StandardError.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
                    return (process, AddressOf(match));
                }
            }

            var error = await process.StandardError.ReadToEndAsync(timeout.Token).ConfigureAwait(false);
            throw new InvalidOperationException($"the server process exited before it listened: {error.Trim()}");
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    private static Uri AddressOf(Match match) => match.Groups["address"].Success
        ? new Uri(match.Groups["address"].Value)
        : new Uri($"http://127.0.0.1:{match.Groups["port"].Value}/");

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }
}

/// <summary>
/// How to start a <see cref="ChildProcessServer"/> again: <see cref="StartOn"/> gives the process to start
/// for the address the first one listened on, <see cref="Started"/> is told each new process id (to pin it).
/// </summary>
public sealed record ChildProcessRestart(Func<Uri, ProcessStartInfo> StartOn, Action<int> Started);
