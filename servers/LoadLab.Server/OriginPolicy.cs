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

    public bool IsAllowed(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0 || _allowed.Contains("*") || _allowed.Contains(origin) || IsSameOrigin(origin, request))
        {
            return true;
        }

        Interlocked.Increment(ref _refused);
        return false;
    }

    private static bool IsSameOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && uri.Scheme == request.Scheme
        && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
}
