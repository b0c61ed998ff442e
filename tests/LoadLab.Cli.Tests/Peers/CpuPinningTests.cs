using System.Diagnostics;
using LoadLab.Cli.Peers;

namespace LoadLab.Cli.Tests.Peers;

public sealed class CpuPinningTests
{
    [Fact]
    public void A_pinned_server_is_its_own_command_under_taskset_with_its_environment()
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = "/srv" };
        start.ArgumentList.Add("peer.js");
        start.ArgumentList.Add("8080");
        start.Environment["NODE_PATH"] = "/modules";

        var pinned = new CpuPinning(0, "1").PinServer(start);

        Assert.Equal("taskset", pinned.FileName);
        Assert.Equal(["-c", "0", "node", "peer.js", "8080"], pinned.ArgumentList);
        Assert.Equal("/modules", pinned.Environment["NODE_PATH"]);
        Assert.Equal("/srv", pinned.WorkingDirectory);
    }
}
