namespace LoadLab.Engine.Clients.Receiving;

/// <summary>
/// A connection's protocol as the <see cref="ReceiveLoop"/> drives it: what it kept of the last read, and what it makes
/// of each new one. Called on the loop's thread only while the connection is attached, so it needs no locking.
/// </summary>
internal interface IReceiveHandler
{
    /// <summary>Bytes the last read ended inside (a cut frame or event), to go in front of the next read's.</summary>
    int CarryLength { get; }

    /// <summary>Copies the carried bytes to the start of <paramref name="destination"/> and lets go of them.</summary>
    void MoveCarry(Span<byte> destination);

    /// <summary>
    /// Parses and records what arrived: <paramref name="buffer"/> holds the <paramref name="carried"/> bytes of
    /// <see cref="MoveCarry"/>, then the new ones. What it cannot parse yet it carries.
    /// </summary>
    ReceiveAction OnReceived(Span<byte> buffer, int carried);
}
