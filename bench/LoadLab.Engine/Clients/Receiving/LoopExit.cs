namespace LoadLab.Engine.Clients.Receiving;

/// <summary>Why a connection left the <see cref="ReceiveLoop"/> (a failed read throws instead).</summary>
internal enum LoopExit
{
    /// <summary>Its handler asked for a <see cref="ReceiveAction.Pause"/>.</summary>
    Paused,

    /// <summary>The stream ended: the handler said so, or the peer closed the connection.</summary>
    Ended,

    /// <summary>The client was told to stop.</summary>
    Stopped,
}
