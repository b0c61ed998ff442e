namespace LoadLab.Results;

/// <summary>Delivered messages and payload bytes per second over the measured window.</summary>
public sealed record ThroughputStats(double DeliveredPerSec, double BytesPerSec);
