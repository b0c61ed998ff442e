using System.Globalization;
using System.Runtime.InteropServices;

namespace LoadLab.Engine.Running;

/// <summary>
/// Pins every thread of a process to a set of CPUs. Linux keeps an affinity per thread, and
/// <see cref="System.Diagnostics.Process.ProcessorAffinity"/> sets only the main thread's: a .NET process
/// already runs a dozen threads (thread pool, GC, timers) that would stay free. So each thread listed in
/// <c>/proc/PID/task</c> is pinned; threads made later inherit the affinity of the thread that makes them.
/// </summary>
public static partial class CpuAffinity
{
    public static bool Supported => OperatingSystem.IsLinux();

    /// <summary>
    /// How many CPUs this process may run on now. <see cref="Environment.ProcessorCount"/> is read once at
    /// start-up and does not see a pinning made later (by <see cref="Pin"/>, or <c>taskset -p</c>).
    /// </summary>
    public static int AllowedCpuCount()
    {
        if (!Supported)
        {
            return Environment.ProcessorCount;
        }

        var allowed = File.ReadLines("/proc/self/status").FirstOrDefault(line => line.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal));
        return allowed is null ? Environment.ProcessorCount : Scenarios.CpuPinning.ParseList(allowed["Cpus_allowed_list:".Length..].Trim(), int.MaxValue).Count;
    }

    /// <summary>Pins all threads of <paramref name="processId"/>; the list is read twice, so a thread started meanwhile is not missed.</summary>
    public static void Pin(int processId, IReadOnlyList<int> cpus)
    {
        ArgumentNullException.ThrowIfNull(cpus);
        if (cpus.Count == 0)
        {
            return;
        }

        if (!Supported)
        {
            throw new PlatformNotSupportedException("CPU pinning (cpus: in a scenario) needs Linux");
        }

        ulong mask = 0;
        foreach (var cpu in cpus)
        {
            mask |= 1UL << cpu;
        }

        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{processId}/task"))
            {
                var threadId = int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture);
                // A thread that ended between listing and pinning (ESRCH) needs no pinning.
                if (SchedSetAffinity(threadId, sizeof(ulong), ref mask) != 0 && Marshal.GetLastPInvokeError() != NoSuchProcess)
                {
                    throw new InvalidOperationException($"sched_setaffinity({threadId}) failed: errno {Marshal.GetLastPInvokeError()}");
                }
            }
        }
    }

    private const int NoSuchProcess = 3;

    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static partial int SchedSetAffinity(int threadId, nint maskSize, ref ulong mask);
}
