namespace LoadLab.Engine.Diagnosis;

/// <summary>A message as it arrived: when (from the probe's start), its SSE <c>id:</c> (null without one, and for WebSocket frames) and its data.</summary>
public sealed record ReceivedMessage(TimeSpan At, string? Id, string Data);
