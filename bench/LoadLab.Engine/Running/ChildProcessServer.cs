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
    private readonly Process _process;

    private ChildProcessServer(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int? ProcessId => _process.Id;

    public static async Task<ITargetServer> StartAsync(ProcessStartInfo start, Regex listeningLine, TimeSpan startTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(listeningLine);
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
                    return new ChildProcessServer(process, AddressOf(match));
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

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }
}
