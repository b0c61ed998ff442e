namespace LoadLab.Engine.Diagnosis;

/// <summary>
/// One test event: when its publish request was sent, and when the server acknowledged it. A server fans an event
/// out before it answers the publish, so an event that arrives well after <see cref="AckedAt"/> was held on the way.
/// </summary>
public sealed record PublishedEvent(TimeSpan SentAt, TimeSpan AckedAt);
