using LoadLab.Engine.Measurement;

namespace LoadLab.Micro;

/// <summary>The message every benchmark pushes: what the load engine publishes by default.</summary>
internal static class Payloads
{
    /// <summary>The default scenarios' payload size.</summary>
    public const int Bytes = 128;

    /// <summary>A sequence id well into a run: its digits cost what a real id's do.</summary>
    public const long Id = 123_456;

    /// <summary>A stamped 128-byte payload (sequence, scheduled time, padding): plain ASCII, valid UTF-8.</summary>
    public static byte[] Stamped(long sequence = Id, long scheduledMicroseconds = 0) => PayloadStamp.Create(sequence, scheduledMicroseconds, Bytes);
}
