namespace LoadLab.Engine.Diagnosis;

/// <summary>
/// Findings for a 3xx answer. Browsers do not follow a redirect on a WebSocket handshake, so there it is an error;
/// EventSource follows one, so for SSE it costs a round trip per (re)connection — unless it leads to a login page.
/// </summary>
internal static class RedirectRules
{
    private static readonly string[] LoginWords = ["login", "signin", "sign-in", "sign_in", "logon", "auth", "sso", "oauth", "cas/"];

    public static Finding Diagnose(ProbeTransport transport, Uri target, ResponseHead head)
    {
        var webSocket = transport == ProbeTransport.WebSocket;
        var severity = webSocket ? FindingSeverity.Error : FindingSeverity.Warning;
        var status = head.StatusCode;
        var location = head.Header("Location");
        if (location is null)
        {
            return new(FindingCodes.Redirect, severity, $"{status} redirect without a Location header", Evidence.Response(head, "Server"),
                "The server redirects but says not where: check its routing for this path.");
        }

        var resolved = Resolve(target, location);
        var evidence = Evidence.Lines([head.StatusLine, $"Location: {location}", resolved.OriginalString != location ? $"resolves to: {resolved}" : null, head.HeaderLine("Server")]);
        var requestPath = target.AbsolutePath;
        var newPath = resolved.AbsolutePath;

        if (LoginWords.Any(word => resolved.PathAndQuery.Contains(word, StringComparison.OrdinalIgnoreCase)))
        {
            return new(FindingCodes.RedirectLogin, FindingSeverity.Error, $"{status} redirect to a login page: the endpoint needs authentication", evidence,
                "The request carried no session the server accepts: connect with the cookie or token the application uses, or exempt the push endpoint from the login redirect (it cannot show a login page).");
        }

        if (resolved.Scheme == Uri.UriSchemeHttps && target.Scheme is "http" or "ws" && newPath == requestPath)
        {
            return new(FindingCodes.RedirectHttps, severity, $"{status} redirect to HTTPS", evidence,
                webSocket ? "Connect with wss:// directly: browsers do not follow redirects on a WebSocket handshake." : "Connect with https:// directly.");
        }

        if (!string.Equals(newPath, requestPath, StringComparison.Ordinal) && SamePathBySlashes(newPath, requestPath))
        {
            return new(FindingCodes.RedirectPath, severity, $"{status} redirect to {newPath}: a slash mistake in the path", evidence,
                $"Use the path the server redirects to ({newPath}): a doubled or trailing slash in the URL (often a base URL ending in '/' joined with a path starting with '/').");
        }

        if (newPath.Length > requestPath.Length && newPath.EndsWith(requestPath.TrimEnd('/'), StringComparison.Ordinal))
        {
            return new(FindingCodes.RedirectPath, severity, $"{status} redirect to {newPath}: the URL misses a path prefix", evidence,
                $"Use {newPath}: the application is deployed under a context path ({newPath[..^requestPath.TrimEnd('/').Length]}) the URL leaves out.");
        }

        return new(FindingCodes.Redirect, severity, $"{status} redirect to {resolved}", evidence,
            webSocket
                ? "Browsers do not follow redirects on a WebSocket handshake: connect to the final URL directly."
                : "Connect to the final URL directly: every (re)connection of EventSource pays for the redirect.");
    }

    /// <summary>Resolves a relative <c>Location</c> against the request; a ws:// request resolves as its http:// twin.</summary>
    private static Uri Resolve(Uri target, string location)
    {
        var httpTarget = new UriBuilder(target) { Scheme = DoctorUrl.IsSecure(target) ? Uri.UriSchemeHttps : Uri.UriSchemeHttp, Port = target.Port }.Uri;
        return Uri.TryCreate(httpTarget, location, out var resolved) ? resolved : httpTarget;
    }

    private static bool SamePathBySlashes(string a, string b) => Collapse(a) == Collapse(b);

    private static string Collapse(string path)
    {
        while (path.Contains("//", StringComparison.Ordinal))
        {
            path = path.Replace("//", "/", StringComparison.Ordinal);
        }

        return path.TrimEnd('/');
    }
}
