using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;

namespace LoadLab.Cli.Peers;

/// <summary>
/// The CPU split of the peers comparison: every server on one CPU (<c>taskset -c N</c>), the load engine (this
/// process, every thread) on the others, so no server competes with the engine or gets more cores than
/// another. Needs <c>taskset</c> and at least two CPUs; <see cref="TryPinAsync"/> says why not otherwise.
/// </summary>
internal sealed record CpuPinning(int ServerCpu, string EngineCpus)
{
    private const string Taskset = "taskset";

    /// <summary>Pins this process to every allowed CPU but the lowest, which is left for the servers; null and the reason when it cannot.</summary>
    public static async Task<(CpuPinning? Pinning, string Reason)> TryPinAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
        {
            return (null, "not pinned: taskset is Linux only");
        }

        using var self = Process.GetCurrentProcess();
        var allowed = (ulong)self.ProcessorAffinity;
        if (BitOperations.PopCount(allowed) < 2)
        {
            return (null, "not pinned: fewer than 2 CPUs");
        }

        var serverCpu = BitOperations.TrailingZeroCount(allowed);
        var engineCpus = string.Join(',', Enumerable.Range(0, 64).Where(cpu => cpu != serverCpu && (allowed & (1UL << cpu)) != 0));

        // Process.ProcessorAffinity would pin the main thread only (sched_setaffinity is per thread on Linux): -a pins them all.
        var pin = new ProcessStartInfo(Taskset) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-a", "-p", "-c", engineCpus, self.Id.ToString(CultureInfo.InvariantCulture)])
        {
            pin.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(pin)!;
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return process.ExitCode == 0
                ? (new CpuPinning(serverCpu, engineCpus), "")
                : (null, $"not pinned: taskset failed ({(await error.ConfigureAwait(false)).Trim()})");
        }
        catch (Win32Exception)
        {
            return (null, "not pinned: taskset not found");
        }
    }

    /// <summary><paramref name="start"/> run under <c>taskset -c ServerCpu</c>, which execs it: the process id stays the server's.</summary>
    public ProcessStartInfo PinServer(ProcessStartInfo start)
    {
        ArgumentNullException.ThrowIfNull(start);
        var pinned = new ProcessStartInfo(Taskset) { WorkingDirectory = start.WorkingDirectory };
        foreach (var argument in (string[])["-c", ServerCpu.ToString(CultureInfo.InvariantCulture), start.FileName, .. start.ArgumentList])
        {
            pinned.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in start.Environment)
        {
            pinned.Environment[name] = value;
        }

        return pinned;
    }

    public override string ToString() => $"pinned: every server on CPU {ServerCpu} (taskset -c {ServerCpu}), the load engine on CPU {EngineCpus}";
}
