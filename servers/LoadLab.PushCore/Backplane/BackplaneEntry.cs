namespace LoadLab.PushCore;

/// <summary>A message as the backplane holds it: its global id and payload, not yet encoded.</summary>
internal readonly record struct BackplaneEntry(long Id, byte[] Payload);
