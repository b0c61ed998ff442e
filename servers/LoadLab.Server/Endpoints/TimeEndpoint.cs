using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoadLab.Server.Endpoints;

/// <summary>
/// <c>GET /time</c>: the server's clock in microseconds since the Unix epoch, as plain text, so load agents on
/// other machines can estimate their clock offset to it NTP-style (the <c>Date</c> header has only seconds).
/// </summary>
internal static class TimeEndpoint
{
    public static ContentHttpResult Now() =>
        TypedResults.Text(((DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks / 10).ToString(CultureInfo.InvariantCulture) + "\n", PushRequest.PlainText);
}
