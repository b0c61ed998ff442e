namespace LoadLab.Engine.Diagnosis;

/// <summary>
/// What to probe and for how long. <see cref="Timeout"/> bounds every single wait (connect, TLS, response, pong,
/// each publish), <see cref="Listen"/> how long the open stream is watched: the probe never hangs.
/// </summary>
public sealed record DoctorOptions
{
    /// <summary>The subprotocol asked for when none is named: the reference server's envelope.</summary>
    public const string DefaultSubProtocol = "loadlab.v1";

    public required Uri Target { get; init; }

    /// <summary>Where the probe publishes its own test events (<c>POST</c>, the payload as the body), or null to only listen.</summary>
    public Uri? Publish { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan Listen { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The <c>Origin</c> a WebSocket handshake carries, as the page's would; null sends the target's own origin.</summary>
    public string? Origin { get; init; }

    /// <summary>The WebSocket subprotocol to ask for; null asks for none.</summary>
    public string? SubProtocol { get; init; } = DefaultSubProtocol;

    /// <summary>Test events published at a steady pace, so arrival gaps can be compared with send gaps.</summary>
    public int PublishCount { get; init; } = 10;

    public TimeSpan PublishInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Size of each test event's payload: small, as push messages are, so a proxy's buffer holds many.</summary>
    public int PublishPayloadBytes { get; init; } = 128;

    public ProbeTransport Transport => DoctorUrl.TransportOf(Target);
}
