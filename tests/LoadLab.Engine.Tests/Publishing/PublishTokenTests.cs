using LoadLab.Engine.Publishing;
using LoadLab.Engine.Running;
using LoadLab.Engine.Scenarios;
using LoadLab.Engine.Tests.Running;
using LoadLab.Server;

namespace LoadLab.Engine.Tests.Publishing;

public sealed class PublishTokenTests
{
    [Fact]
    public async Task The_publisher_sends_the_token_from_the_environment_to_a_server_that_requires_one()
    {
        await using var server = ReferenceServer.Build(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Server:PublishToken"] = "s3cret",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await server.StartAsync();
        var scenario = ScenarioRunnerTests.Short(TransportKind.Sse) with { Target = server.GetListeningAddresses().Single() };

        // Other tests' publishers may see the variable meanwhile; a server without a token ignores the header.
        Environment.SetEnvironmentVariable(PublishToken.EnvironmentVariable, "s3cret");
        try
        {
            var result = await new ScenarioRunner(InProcessReferenceServer.StartAsync).RunAsync(scenario, ScenarioRunnerTests.Options(), CancellationToken.None);

            var run = Assert.Single(result.Runs);
            Assert.True(run.Messages.Published > 0);
            Assert.Equal((run.Messages.Expected, 0L), (run.Messages.Delivered, run.Messages.Lost));
        }
        finally
        {
            Environment.SetEnvironmentVariable(PublishToken.EnvironmentVariable, null);
        }
    }
}
