namespace LoadLab.Engine.Diagnosis;

/// <summary>A close frame the server sent: its status code (null for an empty close frame) and reason.</summary>
public sealed record CloseFrame(int? Code, string Reason, TimeSpan At);
