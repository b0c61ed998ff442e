using System.CommandLine;
using LoadLab.Cli;
using LoadLab.Cli.Commands;

var root = new RootCommand("LoadLab: measure WebSocket, Server-Sent Events and long-polling push.")
{
    RunCommand.Create(),
    CapacityCommand.Create(),
    CompareCommand.Create(),
    PeersCommand.Create(),
    AgentCommand.Create(),
    MergeCommand.Create(),
    GateCommand.Create(),
    DoctorCommand.Create(),
    ServeCommand.Create(),
    TestCommand.Create(),
    MicroCommand.Create(),
    TargetsCommand.Create(),
};

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        await Console.Error.WriteLineAsync($"loadlab: {error.Message}");
    }

    await Console.Error.WriteLineAsync("Run 'loadlab --help' (./run.sh --help) for the commands and options.");
    return ExitCodes.BadInput;
}

// Graceful shutdown of a server can take a few seconds (close frames, draining streams): give it time after Ctrl+C.
return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(15) });
