using System.Diagnostics;
using System.Globalization;
using LoadLab.Engine.Running;

namespace LoadLab.Engine.Tests.Running;

public sealed class CpuAffinityTests
{
    [Fact]
    public async Task Every_thread_of_a_running_process_is_pinned()
    {
        var cpu = Environment.ProcessorCount - 1;
        using var child = Process.Start(new ProcessStartInfo("sleep", "30"))!;
        try
        {
            CpuAffinity.Pin(child.Id, [cpu]);

            var tasks = Directory.GetDirectories($"/proc/{child.Id}/task");
            Assert.NotEmpty(tasks);
            foreach (var task in tasks)
            {
                Assert.Contains($"Cpus_allowed_list:\t{cpu.ToString(CultureInfo.InvariantCulture)}", await File.ReadAllLinesAsync(Path.Combine(task, "status")));
            }
        }
        finally
        {
            child.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public void The_allowed_cpus_are_read_now_not_at_start_up()
    {
        Assert.InRange(CpuAffinity.AllowedCpuCount(), 1, Environment.ProcessorCount);
    }
}
