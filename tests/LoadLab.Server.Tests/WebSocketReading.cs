using System.Net.WebSockets;
using System.Text;

namespace LoadLab.Server.Tests;

internal static class WebSocketReading
{
    /// <summary>Reads one whole message as text, or returns null with the socket's close status when the server closed.</summary>
    public static async Task<string?> ReceiveTextAsync(this ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(RunningServer.Patience);
        var buffer = new byte[64 * 1024];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var result = await socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(buffer, 0, length);
            }
        }
    }
}
