using System.Globalization;
using LoadLab.PushCore;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace LoadLab.Server;

/// <summary>
/// The answer when the backplane (Redis) is unreachable: 503 with the reason and <c>Retry-After</c>, so the
/// client knows that nothing was published (or that its resume could not be served) and tries again.
/// </summary>
internal sealed class BackplaneRefusal(IOptions<ReferenceServerOptions> options)
{
    private readonly string _retryAfterSeconds = ((int)Math.Ceiling(options.Value.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    public IResult Refuse(HttpContext context, BackplaneUnavailableException problem, string consequence)
    {
        context.Response.Headers.RetryAfter = _retryAfterSeconds;
        return PushRequest.Text(StatusCodes.Status503ServiceUnavailable, $"{problem.Message}; {consequence}");
    }
}
