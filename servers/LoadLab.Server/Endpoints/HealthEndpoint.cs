using LoadLab.PushCore;
using Microsoft.AspNetCore.Http;

namespace LoadLab.Server.Endpoints;

/// <summary><c>GET /healthz</c>: <c>200 ok</c>, or <c>503</c> with the reason while the backplane is unreachable (this instance then cannot publish, and delivers only what it already had).</summary>
internal static class HealthEndpoint
{
    public static IResult Handle(PushHub hub) => hub.GetBackplaneStatus() is { Connected: false } backplane
        ? PushRequest.Text(StatusCodes.Status503ServiceUnavailable, $"backplane {backplane.Kind} unreachable: {backplane.Problem}")
        : TypedResults.Text("ok\n", PushRequest.PlainText);
}
