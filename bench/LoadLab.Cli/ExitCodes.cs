namespace LoadLab.Cli;

/// <summary>The process exit codes every LoadLab command uses.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>A threshold, a gate or a test failed.</summary>
    public const int Failed = 1;

    /// <summary>Bad input: a wrong option, setting or file. Nothing was started.</summary>
    public const int BadInput = 2;
}
