namespace LoadLab.Results;

/// <summary>
/// Message accounting of the measured window. <see cref="Expected"/> is what the subscribers should
/// have received (each publish times the subscribers of its topic then); <see cref="Lost"/> are
/// sequences a subscriber never saw, although later ones arrived or the run ended. <see cref="NotPublished"/>
/// are the publisher's messages of the window the server did not accept (a failed publish, a server down):
/// nobody is owed them, so they are neither expected nor lost.
/// </summary>
public sealed record MessageStats(long Published, long Expected, long Delivered, long Lost, long Duplicated, long OutOfOrder, long NotPublished = 0);
