namespace LoadLab.Engine.Scenarios;

/// <summary>How the publisher sends a message to the server.</summary>
public enum PublishVia
{
    /// <summary>An HTTP POST of the payload to the transport's publish URL.</summary>
    Http,

    /// <summary>A text frame on a WebSocket opened to the transport's publish URL.</summary>
    WebSocket,
}
