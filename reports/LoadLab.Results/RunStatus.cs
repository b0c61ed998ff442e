namespace LoadLab.Results;

/// <summary>The values of the <c>status</c> fields.</summary>
public static class RunStatus
{
    public const string Completed = "completed";

    /// <summary>Interrupted: what is there was measured, but the run did not finish.</summary>
    public const string Aborted = "aborted";
}
