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
        var addresses = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (addresses.Length == 0)
        {
            throw Refused("no address to listen on: give one like http://127.0.0.1:5080");
        }

        // Checked here, before Kestrel: it throws FormatException or ArgumentOutOfRangeException from StartAsync, a stack trace to the user.
        if (addresses.FirstOrDefault(url => Parse(url) is not { Scheme: "http" or "https" }) is { } bad)
        {
            throw Refused($"'{bad}' is not an address to listen on: write it like http://127.0.0.1:5080 (http or https, a port from 0 to 65535)");
        }

        if (!string.IsNullOrEmpty(options.PublishToken) || options.AllowAnonymousPublish)
        {
            return;
        }

        foreach (var url in addresses)
        {
            if (!IsLoopback(url))
            {
                throw Refused(
                    $"{url} is not a loopback address and no publish token is set: anyone who can reach it could publish to every client. "
                    + "Set a token (--publish-token, or the LOADLAB_PUBLISH_TOKEN environment variable), or pass --allow-anonymous-publish");
            }
        }
    }

    private static OptionsValidationException Refused(string reason) =>
        new(ReferenceServerOptions.SectionName, typeof(ReferenceServerOptions), [reason]);

    /// <summary>The URL, with Kestrel's wildcards (<c>http://*:80</c>, <c>http://+:80</c>: every interface) as a host that is not loopback; null when it is none.</summary>
    private static Uri? Parse(string url) =>
        Uri.TryCreate(url.Replace("://*", "://wildcard.invalid", StringComparison.Ordinal).Replace("://+", "://wildcard.invalid", StringComparison.Ordinal), UriKind.Absolute, out var uri)
            ? uri
            : null;

    private static bool IsLoopback(string url)
    {
        // 0.0.0.0 and [::] listen on every interface too.
        var host = Parse(url)?.Host ?? "";
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }
}
