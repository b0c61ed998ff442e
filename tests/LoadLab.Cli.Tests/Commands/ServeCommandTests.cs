using System.CommandLine;
using LoadLab.Cli.Commands;

namespace LoadLab.Cli.Tests.Commands;

public sealed class ServeCommandTests
{
    [Fact]
    public void Options_become_configuration_keys_of_the_server()
    {
        var parse = new RootCommand { ServeCommand.Create() }.Parse(
            "serve --urls http://127.0.0.1:6000 --queue-size 5 --backpressure DropOldest --replay-size 0 --heartbeat 2s --sse-retry 250ms --long-poll-timeout 1m --max-message-size 100 --max-connections 7");

        Assert.Empty(parse.Errors);
        var expected = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:6000",
            ["Push:QueueSize"] = "5",
            ["Push:Backpressure"] = "DropOldest",
            ["Push:ReplaySize"] = "0",
            ["Server:HeartbeatInterval"] = "00:00:02",
            ["Server:SseRetry"] = "00:00:00.2500000",
            ["Server:LongPollTimeout"] = "00:01:00",
            ["Server:MaxMessageSize"] = "100",
            ["Server:MaxConnections"] = "7",
        };
        Assert.Equal(expected.OrderBy(p => p.Key), ServeCommand.ToSettings(parse).OrderBy(p => p.Key));
    }

    [Fact]
    public void Options_left_out_set_nothing_so_configuration_defaults_apply()
    {
        var parse = new RootCommand { ServeCommand.Create() }.Parse("serve");
        Assert.Empty(ServeCommand.ToSettings(parse));
    }

    [Fact]
    public void Safety_options_become_the_servers_publish_token_and_origin_allow_list()
    {
        var parse = new RootCommand { ServeCommand.Create() }.Parse(
            "serve --publish-token s3cret --allow-anonymous-publish --allowed-origin https://a.example --allowed-origin https://b.example");

        Assert.Empty(parse.Errors);
        var settings = ServeCommand.ToSettings(parse);
        Assert.Equal("s3cret", settings["Server:PublishToken"]);
        Assert.Equal("True", settings["Server:AllowAnonymousPublish"]);
        Assert.Equal(("https://a.example", "https://b.example"), (settings["Server:AllowedOrigins:0"], settings["Server:AllowedOrigins:1"]));
    }

    [Fact]
    public void Backplane_options_become_the_push_cores_backplane_settings()
    {
        var parse = new RootCommand { ServeCommand.Create() }.Parse("serve --backplane redis --redis 127.0.0.1:6390");

        Assert.Empty(parse.Errors);
        var settings = ServeCommand.ToSettings(parse);
        Assert.Equal(("Redis", "127.0.0.1:6390"), (settings["Push:Backplane"], settings["Push:Redis:Configuration"]));
    }

    [Theory]
    [InlineData("serve --backplane kafka", "kafka")]
    [InlineData("serve --heartbeat 5", "--heartbeat: '5' is not a duration")]
    [InlineData("serve --backpressure Sometimes", "Sometimes")]
    [InlineData("serve --queue-size many", "many")]
    public void Malformed_values_are_parse_errors_naming_the_value(string commandLine, string expected)
    {
        var parse = new RootCommand { ServeCommand.Create() }.Parse(commandLine);
        Assert.Contains(parse.Errors, e => e.Message.Contains(expected, StringComparison.Ordinal));
    }
}
