using System.Globalization;
using System.Net;
using LoadLab.PushCore;
using Microsoft.AspNetCore.Http;

namespace LoadLab.Server.Endpoints;

/// <summary>
/// <c>POST /admin/drop?transport=ws|sse|longpoll&amp;fraction=F</c>: cuts that fraction of the transport's
/// connections at once (<see cref="PushHub.Drop"/>), so a load run can see clients reconnect and resume.
/// Answers only requests from a loopback address (403 otherwise): it is a fault injector, not an API.
/// </summary>
internal sealed class AdminEndpoint(PushHub hub)
{
    public IResult Drop(HttpContext context)
    {
        if (context.Connection.RemoteIpAddress is not { } remote || !IPAddress.IsLoopback(remote))
        {
            return PushRequest.Text(StatusCodes.Status403Forbidden, $"/admin answers only loopback clients; {context.Connection.RemoteIpAddress?.ToString() ?? "an unknown address"} is not one");
        }

        string? name = context.Request.Query["transport"];
        if (TransportNames.All.Where(t => t.ToName() == name).Cast<Transport?>().FirstOrDefault() is not { } transport)
        {
            return PushRequest.BadRequest($"transport must be ws, sse or longpoll, got '{name}'");
        }

        string? text = context.Request.Query["fraction"];
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var fraction) || !(fraction is >= 0 and <= 1))
        {
            return PushRequest.BadRequest($"fraction must be a number from 0 to 1, got '{text}'");
        }

        return TypedResults.Ok(new DropResponse(name!, fraction, hub.Drop(transport, fraction)));
    }
}

/// <summary>The answer of <c>/admin/drop</c>: how many connections of the transport were cut.</summary>
internal sealed record DropResponse(string Transport, double Fraction, int Dropped);
