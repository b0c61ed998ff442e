namespace LoadLab.Engine.Probes;

/// <summary>The server's memory and CPU at one moment; null where the target does not tell.</summary>
internal sealed record ServerSample(long? RssBytes, double? CpuSeconds)
{
    public static ServerSample Unknown { get; } = new(null, null);
}
