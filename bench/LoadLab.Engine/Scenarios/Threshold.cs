namespace LoadLab.Engine.Scenarios;

/// <summary>
/// A pass/fail rule on one figure of a transport run, written <c>latency.p99 &lt; 50ms</c>,
/// <c>messages.lost == 0</c>, <c>connections.failed == 0</c>. Durations are compared in milliseconds.
/// </summary>
public sealed record Threshold(string Metric, ThresholdOperator Operator, double Value, string Text);

/// <summary>The comparison of a <see cref="Threshold"/>.</summary>
public enum ThresholdOperator
{
    Less,
    LessOrEqual,
    Equal,
    NotEqual,
    GreaterOrEqual,
    Greater,
}
