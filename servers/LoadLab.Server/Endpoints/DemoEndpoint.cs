using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoadLab.Server.Endpoints;

/// <summary>
/// <c>GET /demo?topic=T</c> and its script: a page that subscribes with the browser's own <c>EventSource</c> and
/// <c>WebSocket</c> and lists what arrives. Served from embedded files read once; the script is a file of its
/// own so the page's Content-Security-Policy can forbid inline script.
/// </summary>
internal static class DemoEndpoint
{
    private const string Policy = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'";

    private static readonly byte[] Page = Read("demo.html");
    private static readonly byte[] Script = Read("demo.js");

    public static IResult Html(HttpContext context) => Serve(context, Page, "text/html; charset=utf-8");

    public static IResult JavaScript(HttpContext context) => Serve(context, Script, "text/javascript; charset=utf-8");

    private static FileContentHttpResult Serve(HttpContext context, byte[] content, string contentType)
    {
        context.Response.Headers.ContentSecurityPolicy = Policy;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Bytes(content, contentType);
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(DemoEndpoint).Assembly.GetManifestResourceStream($"LoadLab.Server.Demo.{name}")
            ?? throw new InvalidOperationException($"embedded resource Demo/{name} is missing from the build");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
