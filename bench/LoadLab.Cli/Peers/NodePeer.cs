using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using LoadLab.Engine.Running;
using LoadLab.Engine.Scenarios;

namespace LoadLab.Cli.Peers;

/// <summary>
/// One of the Node.js peer servers in <c>bench/peers/</c>: the transport it speaks and its wire contract as
/// scenario endpoints. Neither peer knows topics (every client gets every message), so a scenario run against
/// one has a single topic; the payload, LoadLab's stamp, is passed through verbatim by both.
/// </summary>
internal sealed partial record NodePeer(string Name, string Script, TransportKind Transport, TransportEndpoints Endpoints)
{
    /// <summary>The <c>ws</c> server accepts a WebSocket on any path; it publishes only on exactly <c>/publish</c> (no query).</summary>
    public static NodePeer WebSocket { get; } = new("node-ws", "ws-broadcast-server.js", TransportKind.WebSocket, new("/ws", "/publish"));

    public static NodePeer Sse { get; } = new("node-sse", "sse-broadcast-server.js", TransportKind.Sse, new("/sse", "/publish"));

    /// <summary>How long a peer may take to print its listening line.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The scenario as run against this peer: its transport only, through its own URLs.</summary>
    public Scenario Apply(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario with
        {
            Transports = [Transport],
            Endpoints = new Dictionary<TransportKind, TransportEndpoints>(scenario.Endpoints) { [Transport] = Endpoints },
        };
    }

    /// <summary>
    /// Starts <c>node Script PORT</c> on a free 127.0.0.1 port, waits until it listens, and pins every thread of it
    /// to <paramref name="cpus"/> (none: unpinned), as the reference server is pinned. The peer exits by itself after <paramref name="exitAfter"/>, so even a
    /// killed load engine leaves no server behind for long; normally it is stopped when disposed.
    /// </summary>
    public async Task<ITargetServer> StartAsync(string peersFolder, string? nodeModules, IReadOnlyList<int> cpus, TimeSpan exitAfter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cpus);
        var start = new ProcessStartInfo("node");
        start.ArgumentList.Add(Path.Combine(peersFolder, Script));
        start.ArgumentList.Add(FreePort().ToString(CultureInfo.InvariantCulture));
        start.Environment["EXIT_AFTER_S"] = Math.Ceiling(exitAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        if (nodeModules is not null)
        {
            start.Environment["NODE_PATH"] = Path.GetFullPath(nodeModules);
        }

        try
        {
            var server = await ChildProcessServer.StartAsync(start, ListeningLine(), StartTimeout, cancellationToken).ConfigureAwait(false);
            CpuAffinity.Pin(server.ProcessId!.Value, cpus);
            return server;
        }
        catch (Win32Exception ex)
        {
            throw new PeerSetupException($"{Name}: could not start node (Node.js 20 must be on PATH): {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new PeerSetupException($"{Name}: {Script} did not start: {ex.Message}", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PeerSetupException($"{Name}: {Script} did not report listening within {StartTimeout.TotalSeconds:F0} s", ex);
        }
    }

    /// <summary>The version <c>node --version</c> prints; <see cref="PeerSetupException"/> when Node.js is not on PATH.</summary>
    public static async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var node = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var version = await node.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await node.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return node.ExitCode == 0 ? version.Trim() : throw new PeerSetupException($"node --version failed (exit {node.ExitCode})");
        }
        catch (Win32Exception ex)
        {
            throw new PeerSetupException("node is not on PATH: the peers need Node.js 20", ex);
        }
    }

    /// <summary>A port nothing listens on now; the peer takes it a moment later (the peers cannot report a port they picked).</summary>
    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    [GeneratedRegex(@"^\S+-broadcast-server pid=\d+ port=(?<port>\d+)")]
    private static partial Regex ListeningLine();
}
