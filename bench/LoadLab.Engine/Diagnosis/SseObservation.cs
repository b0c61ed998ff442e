namespace LoadLab.Engine.Diagnosis;

/// <summary>
/// Everything the SSE probe saw: a connection failure, or the response head (with the negotiated HTTP version),
/// and the stream when there was one to watch.
/// </summary>
public sealed record SseObservation(ConnectError? Failure, ResponseHead? Head, StreamWatch? Stream, PublishLog? Published);
