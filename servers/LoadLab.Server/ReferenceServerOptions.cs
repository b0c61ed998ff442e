using System.ComponentModel.DataAnnotations;

namespace LoadLab.Server;

/// <summary>Settings of the reference server's endpoints; bound from the <c>Server</c> configuration section.</summary>
public sealed record ReferenceServerOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Server";

    /// <summary>Where the server listens when no <c>urls</c> setting is given: loopback only.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>How often an idle SSE stream gets a comment line and a WebSocket a ping, so proxies keep them open.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The reconnection delay SSE clients are told once (<c>retry:</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan SseRetry { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a long poll waits for the next message before answering 204.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan LongPollTimeout { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>The largest payload accepted, by <c>POST /publish</c> (413 beyond) and from a WebSocket client (close 1009 beyond).</summary>
    [Range(1, 64 * 1024 * 1024)]
    public int MaxMessageSize { get; init; } = 64 * 1024;

    /// <summary>Push connections (WebSocket, SSE, pending long polls) held at once; beyond, 503 with <c>Retry-After</c>.</summary>
    [Range(1, 10_000_000)]
    public int MaxConnections { get; init; } = 18_000;

    /// <summary>The <c>Retry-After</c> a client refused for <see cref="MaxConnections"/> is given.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A delay added to every publish before it fans out: a regression to introduce on purpose, to check
    /// that a gate catches it. Zero (the default) in any real use.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan PublishDelay { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// How long a closing push connection may take to finish its pending write and, for a WebSocket,
    /// the close handshake, before it is aborted: a client that stopped reading cannot hold the server.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The bearer token that <c>POST /publish</c> and the admin endpoints require when set
    /// (<c>Authorization: Bearer …</c>). Required to listen on anything but loopback, unless
    /// <see cref="AllowAnonymousPublish"/> says otherwise.
    /// </summary>
    public string? PublishToken { get; init; }

    /// <summary>Lets a server listening beyond loopback accept publishes without a token: anyone who reaches it can then push to every client.</summary>
    public bool AllowAnonymousPublish { get; init; }

    /// <summary>
    /// Origins (<c>scheme://host[:port]</c>) whose pages may open a WebSocket here besides the server's own
    /// origin; <c>*</c> allows any. A browser always sends <c>Origin</c>, so this stops another site's page
    /// from using its visitors' connections (cross-site WebSocket hijacking); clients that send no
    /// <c>Origin</c> (load engines, servers) are not browsers and are let through.
    /// </summary>
    public string[] AllowedOrigins { get; init; } = [];

    /// <summary>
    /// The kernel send buffer of every accepted connection, in bytes (set on the listening socket, which
    /// connections inherit); 0 (the default) leaves the operating system's auto-tuning. On loopback that
    /// auto-tuning grows to megabytes per connection, which hides a slow consumer from the server's queue
    /// for a long time; a small fixed buffer makes the backpressure policy show as it would over a network.
    /// </summary>
    [Range(0, 64 * 1024 * 1024)]
    public int SocketSendBuffer { get; init; }

    /// <summary>
    /// Connections the kernel may hold accepted for the server before it takes them (the listen backlog; the kernel
    /// caps it at <c>net.core.somaxconn</c>, 4096 on Debian). Kestrel's own default of 512 overflows when thousands of
    /// clients connect at once: the dropped handshakes are retried a whole second later.
    /// </summary>
    [Range(1, 65535)]
    public int ListenBacklog { get; init; } = 4096;

    /// <summary>
    /// Serves WebSocket and SSE connections on the push front (their own sockets, one sender thread writing every
    /// broadcast with non-blocking sends) rather than through Kestrel's HTTP pipeline; requests the front does not
    /// take whole (errors, refusals, TLS, unusual heads) are Kestrel's either way. Off only to compare the two.
    /// </summary>
    public bool PushFront { get; init; } = true;
}
