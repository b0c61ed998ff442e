namespace LoadLab.PushCore;

/// <summary>
/// The backplane's state at one moment: whether this instance is connected (and why not), and the
/// counters that keep an outage from being silent. Totals are since the hub started.
/// </summary>
/// <param name="Kind">The backplane, e.g. <c>redis</c>.</param>
/// <param name="Connected">Whether publishing and delivery through the backplane work now.</param>
/// <param name="Problem">Why not, when not connected.</param>
/// <param name="Reconnects">Times the connection came back after a failure.</param>
/// <param name="MessagesLost">Messages this instance never delivered: trimmed from (or lost by) Redis before it could fetch them.</param>
/// <param name="PublishesRefused">Publishes refused because the backplane was unreachable (answered 503).</param>
public sealed record BackplaneStatus(string Kind, bool Connected, string? Problem, long Reconnects, long MessagesLost, long PublishesRefused);
