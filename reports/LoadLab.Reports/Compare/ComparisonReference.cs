namespace LoadLab.Reports.Compare;

/// <summary>What a compare column's change is measured against.</summary>
public enum ComparisonReference
{
    /// <summary>The first column: one baseline for everything (Monday's run against today's).</summary>
    First,

    /// <summary>
    /// The first column of the same transport: servers side by side (the reference server's SSE against a
    /// peer's SSE), where comparing one server's SSE with another's WebSocket would say nothing.
    /// </summary>
    SameTransport,
}
