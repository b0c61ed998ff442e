using System.CommandLine;
using LoadLab.Engine.Scenarios;

namespace LoadLab.Cli;

/// <summary>
/// The scenario file and how a command line changes it (<c>--target</c>, <c>--set</c>), read the same way by
/// every command that runs a scenario. One instance per command: a command owns its options.
/// </summary>
internal sealed class ScenarioInput(string defaultScenario)
{
    public Argument<string> File { get; } = new("scenario") { Description = "The scenario file (see scenarios/README.md).", DefaultValueFactory = _ => defaultScenario };

    public Option<string?> Target { get; } = new("--target") { Description = "Base URL of the server to load, instead of the scenario's target (absent: the embedded reference server).", HelpName = "url" };

    public Option<string[]> Set { get; } = new("--set")
    {
        Description = "Override a scenario field, checked like the file: --set publisher.rate=200 (repeatable).",
        HelpName = "path=value",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>The scenario with the overrides applied; null after printing <c>loadlab COMMAND: file:line:col: field: problem</c>.</summary>
    public async Task<Scenario?> LoadAsync(ParseResult parse, string command)
    {
        var overrides = (parse.GetValue(Set) ?? []).ToList();
        if (parse.GetValue(Target) is { } target)
        {
            overrides.Add($"target={target}");
        }

        try
        {
            return ScenarioLoader.Load(parse.GetValue(File)!, overrides);
        }
        catch (ScenarioException ex)
        {
            // --target arrives as the override target=URL; its problem is the option's, not a --set the user never wrote.
            var message = ex is { File: "--set", Field: "target" } && parse.GetValue(Target) is not null && !(parse.GetValue(Set) ?? []).Any(set => set.StartsWith("target=", StringComparison.Ordinal))
                ? $"--target: {ex.Problem}"
                : ex.Message;
            await Console.Error.WriteLineAsync($"loadlab {command}: {message}");
            return null;
        }
    }
}
