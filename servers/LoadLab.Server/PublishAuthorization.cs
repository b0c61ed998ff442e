using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace LoadLab.Server;

/// <summary>
/// Guards the endpoints that change what clients receive (<c>/publish</c>, the admin endpoints): when
/// <see cref="ReferenceServerOptions.PublishToken"/> is set, a request must carry it as
/// <c>Authorization: Bearer …</c>, else 401; a WebSocket opened without it may receive but not publish. The comparison takes the same time whatever the guess.
/// </summary>
internal sealed class PublishAuthorization(IOptions<ReferenceServerOptions> options) : IEndpointFilter
{
    private readonly byte[]? _token = options.Value.PublishToken is { Length: > 0 } token ? Encoding.UTF8.GetBytes(token) : null;

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (IsAuthorized(context.HttpContext.Request))
        {
            return next(context);
        }

        context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
        return ValueTask.FromResult<object?>(PushRequest.Text(
            StatusCodes.Status401Unauthorized,
            "this server requires 'Authorization: Bearer <token>' to publish (its Server:PublishToken; the load engine sends LOADLAB_PUBLISH_TOKEN)"));
    }

    /// <summary>Whether <paramref name="request"/> may publish: no token is configured, or it carries the token.</summary>
    public bool IsAuthorized(HttpRequest request) => IsAuthorized(request.Headers.Authorization.ToString());

    /// <summary>Whether a request with this <c>Authorization</c> header (empty when none) may publish.</summary>
    public bool IsAuthorized(string header)
    {
        if (_token is null)
        {
            return true;
        }

        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim()), _token);
    }
}
