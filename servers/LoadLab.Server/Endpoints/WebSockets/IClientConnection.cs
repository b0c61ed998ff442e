namespace LoadLab.Server.Endpoints.WebSockets;

/// <summary>The connection a <see cref="ClientFrameLoop"/> reads a WebSocket client's frames from and answers its pings on.</summary>
internal interface IClientConnection
{
    ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>Sends a whole server frame, between the data frames of other writers, never inside one.</summary>
    ValueTask WriteFrameAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken);
}
