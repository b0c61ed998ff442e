namespace LoadLab.Engine.Diagnosis;

/// <summary>How long an open stream is watched: the asked <c>--listen</c>, but never less than the publishing plus a second for the last event to arrive.</summary>
internal static class ProbeWindow
{
    private static readonly TimeSpan LastEventGrace = TimeSpan.FromSeconds(1);

    public static TimeSpan PublishingWithGrace(TestEventPublisher publisher) => publisher.Duration + LastEventGrace;

    /// <summary>When to stop watching a stream opened at <paramref name="openedAt"/>, publishing from <paramref name="publishStartedAt"/> (ignored without a publisher).</summary>
    public static TimeSpan ListenUntil(DoctorOptions options, TimeSpan openedAt, TestEventPublisher? publisher, TimeSpan publishStartedAt) =>
        publisher is null
            ? openedAt + options.Listen
            : TimeSpan.FromTicks(Math.Max((openedAt + options.Listen).Ticks, (publishStartedAt + PublishingWithGrace(publisher)).Ticks));
}
