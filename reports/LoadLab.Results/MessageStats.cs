namespace LoadLab.Results;

/// <summary>
/// Message accounting of the measured window. <see cref="Expected"/> is what the subscribers should
/// have received (each publish times the subscribers of its topic then); <see cref="Lost"/> are
/// sequences a subscriber never saw, although later ones arrived or the run ended.
/// </summary>
public sealed record MessageStats(long Published, long Expected, long Delivered, long Lost, long Duplicated, long OutOfOrder);
