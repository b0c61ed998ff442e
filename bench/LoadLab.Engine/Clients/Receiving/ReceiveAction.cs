namespace LoadLab.Engine.Clients.Receiving;

/// <summary>What a connection's handler wants after a read.</summary>
internal enum ReceiveAction
{
    /// <summary>Keep reading.</summary>
    Continue,

    /// <summary>Stop reading for now: the client has something to do off the loop (answer a ping, read slowly), then attaches again.</summary>
    Pause,

    /// <summary>The stream ended (a close frame, the last chunk).</summary>
    End,
}
