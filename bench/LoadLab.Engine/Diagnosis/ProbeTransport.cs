using System.Text.Json.Serialization;

namespace LoadLab.Engine.Diagnosis;

/// <summary>The push transport a URL's scheme names: <c>ws://</c>/<c>wss://</c> a WebSocket, <c>http://</c>/<c>https://</c> an SSE stream.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ProbeTransport>))]
public enum ProbeTransport
{
    [JsonStringEnumMemberName("websocket")]
    WebSocket,

    [JsonStringEnumMemberName("sse")]
    Sse,
}
