using System.Net;
using Microsoft.Extensions.Options;

namespace LoadLab.Server;

/// <summary>
/// Refuses to build a server that would listen beyond loopback with an open <c>/publish</c>: anyone who can
/// reach it could push to every connected client. A publish token, or an explicit
/// <see cref="ReferenceServerOptions.AllowAnonymousPublish"/>, lifts the refusal.
/// </summary>
internal static class ListenAddressPolicy
{
    /// <summary>Throws <see cref="OptionsValidationException"/> naming the address and the ways out.</summary>
    public static void Check(string urls, ReferenceServerOptions options)
    {
        if (!string.IsNullOrEmpty(options.PublishToken) || options.AllowAnonymousPublish)
        {
            return;
        }

        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!IsLoopback(url))
            {
                throw new OptionsValidationException(ReferenceServerOptions.SectionName, typeof(ReferenceServerOptions), [
                    $"{url} is not a loopback address and no publish token is set: anyone who can reach it could publish to every client. "
                    + "Set a token (--publish-token, or the LOADLAB_PUBLISH_TOKEN environment variable), or pass --allow-anonymous-publish"]);
            }
        }
    }

    private static bool IsLoopback(string url)
    {
        // Kestrel's wildcards (http://*:80, http://+:80) and 0.0.0.0 listen on every interface.
        var host = Uri.TryCreate(url.Replace("://*", "://wildcard.invalid", StringComparison.Ordinal).Replace("://+", "://wildcard.invalid", StringComparison.Ordinal), UriKind.Absolute, out var uri)
            ? uri.Host
            : "";
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }
}
