using System.ComponentModel;
using System.Diagnostics;

namespace LoadLab.Cli.Peers;

/// <summary>
/// The npm packages of the peers (<c>ws</c> 8, pinned by <c>bench/peers/package-lock.json</c>), installed with
/// <c>npm ci</c> into a folder outside git on first use, and again whenever the lock file changes.
/// </summary>
internal static class PeerModules
{
    private const string Manifest = "package.json";

    private const string LockFile = "package-lock.json";

    /// <summary>How long npm may take: one small package from the registry.</summary>
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(3);

    /// <summary>Where <see cref="InstallAsync"/> puts the packages: give it to Node as <c>NODE_PATH</c>.</summary>
    public static string NodeModules(string installFolder) => Path.Combine(installFolder, "node_modules");

    /// <summary>Whether <paramref name="installFolder"/> holds <c>ws</c> as locked by <paramref name="peersFolder"/>'s lock file.</summary>
    public static bool IsInstalled(string peersFolder, string installFolder)
    {
        var installedLock = Path.Combine(installFolder, LockFile);
        return File.Exists(Path.Combine(NodeModules(installFolder), "ws", Manifest))
            && File.Exists(installedLock)
            && File.ReadAllText(installedLock) == File.ReadAllText(Path.Combine(peersFolder, LockFile));
    }

    /// <summary><c>npm ci</c> of <paramref name="peersFolder"/>'s manifest and lock file in <paramref name="installFolder"/>; <see cref="PeerSetupException"/> when npm is missing or fails.</summary>
    public static Task InstallAsync(string peersFolder, string installFolder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(installFolder);
        File.Copy(Path.Combine(peersFolder, Manifest), Path.Combine(installFolder, Manifest), overwrite: true);
        File.Copy(Path.Combine(peersFolder, LockFile), Path.Combine(installFolder, LockFile), overwrite: true);
        return NpmCiAsync(installFolder, cancellationToken);
    }

    private static async Task NpmCiAsync(string installFolder, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("npm") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["ci", "--no-audit", "--no-fund", "--prefix", installFolder])
        {
            start.ArgumentList.Add(argument);
        }

        Process npm;
        try
        {
            npm = Process.Start(start)!;
        }
        catch (Win32Exception ex)
        {
            throw new PeerSetupException("npm is not on PATH: the Node WebSocket peer needs the npm package ws 8 (install Node.js 20 with npm)", ex);
        }

        using (npm)
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(InstallTimeout);
            var output = npm.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = npm.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await npm.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                await Task.WhenAll(output, error).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                npm.Kill(entireProcessTree: true);
                throw new PeerSetupException($"npm ci --prefix {installFolder} did not finish within {InstallTimeout.TotalMinutes:F0} minutes (is the npm registry reachable?)");
            }
            catch (OperationCanceledException)
            {
                npm.Kill(entireProcessTree: true);
                throw;
            }

            if (npm.ExitCode != 0)
            {
                var lines = (await error.ConfigureAwait(false)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                throw new PeerSetupException($"npm ci --prefix {installFolder} failed (exit {npm.ExitCode}): {string.Join(" / ", lines.TakeLast(5))}");
            }
        }
    }
}
