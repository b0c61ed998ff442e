using LoadLab.Engine.Clients;
using LoadLab.Engine.Measurement;
using LoadLab.Engine.Scenarios;

namespace LoadLab.Engine.Tests.Clients;

public sealed class ClientContextTests
{
    [Fact]
    public void A_payload_that_is_not_ours_is_an_error_not_a_delivery()
    {
        var recorder = new RunRecorder(new RunClock(), 0);
        using var http = new HttpClient();
        var context = new ClientContext(new Scenario { Name = "a", Transports = [TransportKind.Sse], Stages = [new LoadStage(1, TimeSpan.FromSeconds(1))] }, http, recorder, TimeSpan.FromSeconds(1));

        context.Received(new SequenceTracker(), "welcome!"u8);

        Assert.Equal((0L, 1L), (recorder.Delivered, recorder.Errors));
    }
}
