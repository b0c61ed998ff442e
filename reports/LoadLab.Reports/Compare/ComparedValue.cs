namespace LoadLab.Reports.Compare;

/// <summary>How far a change against the first run can be trusted.</summary>
public enum Significance
{
    /// <summary>The first run: what the others are compared with.</summary>
    Reference,

    /// <summary>Mann–Whitney p below alpha: more than noise.</summary>
    Significant,

    /// <summary>Tested, and within noise.</summary>
    NotSignificant,

    /// <summary>An exact count (lost messages, failed connections): any change is real, no test needed.</summary>
    Exact,

    /// <summary>Too few samples to test (one value per side and no per-second series).</summary>
    Untested,
}

/// <summary>
/// One cell of a compare table: the run's value (mean over repetitions), its change against the first run
/// in percent (null when either is unknown or the first is zero), and the p-value where it was tested.
/// </summary>
public sealed record ComparedValue(double? Value, double? ChangePercent, double? PValue, Significance Significance, Direction Direction)
{
    /// <summary>A change that is real: significant, or an exact count that moved.</summary>
    public bool Real => Direction != Direction.Same && Significance is Significance.Significant or Significance.Exact;
}

/// <summary>Which way a value moved against the first run, in the metric's terms.</summary>
public enum Direction
{
    Same,
    Better,
    Worse,
}
