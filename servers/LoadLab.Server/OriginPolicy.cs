using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace LoadLab.Server;

/// <summary>
/// Decides whether a WebSocket handshake's <c>Origin</c> may connect: same-origin always, other origins only
/// when listed in <see cref="ReferenceServerOptions.AllowedOrigins"/>, requests without <c>Origin</c> (not a
/// browser) always. Without it, any site a user visits could open a WebSocket here with the user's cookies
/// (cross-site WebSocket hijacking). Refusals are counted. Thread-safe.
/// </summary>
internal sealed class OriginPolicy(IOptions<ReferenceServerOptions> options)
{
    private readonly HashSet<string> _allowed = new(options.Value.AllowedOrigins.Select(origin => origin.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);
    private long _refused;

    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Whether the request's <c>Origin</c> may open a WebSocket; a refusal is counted.</summary>
    public bool IsAllowed(HttpRequest request)
    {
        if (Allows(request.Headers.Origin.ToString(), request.Scheme, request.Host.Value))
        {
            return true;
        }

        Interlocked.Increment(ref _refused);
        return false;
    }

    /// <summary>Whether <paramref name="origin"/> may open a WebSocket on a request for <paramref name="scheme"/>://<paramref name="host"/>; counts nothing.</summary>
    public bool Allows(string origin, string scheme, string? host) =>
        origin.Length == 0 || _allowed.Contains("*") || _allowed.Contains(origin) || IsSameOrigin(origin, scheme, host);

    private static bool IsSameOrigin(string origin, string scheme, string? host) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && uri.Scheme == scheme
        && string.Equals(uri.Authority, host, StringComparison.OrdinalIgnoreCase);
}
