using System.Globalization;
using System.Text;
using LoadLab.PushCore;

namespace LoadLab.Server;

/// <summary>
/// How a resume that cannot be complete is told to the client, so that it can report the gap
/// instead of silently skipping: a response header on every transport, and in-band where the
/// protocol allows (an SSE <c>gap</c> event, a <c>loadlab.v1</c> WebSocket frame).
/// </summary>
internal static class ResumeGapNotice
{
    public const string HeaderName = "X-LoadLab-Resume-Gap";

    public static string HeaderValue(ResumeGap gap) => string.Create(
        CultureInfo.InvariantCulture,
        $"requested-after={gap.RequestedAfterId}; next-available={gap.NextAvailableId}");

    /// <summary><c>{"gap":{"requestedAfterId":A,"nextAvailableId":B}}</c>.</summary>
    public static byte[] WebSocketFrame(ResumeGap gap) => Encoding.UTF8.GetBytes("{\"gap\":" + Json(gap) + "}");

    /// <summary>An event of type <c>gap</c> without an <c>id:</c>, so the client's last event id stays put.</summary>
    public static byte[] SseEvent(ResumeGap gap) => Encoding.UTF8.GetBytes($"event: gap\ndata: {Json(gap)}\n\n");

    private static string Json(ResumeGap gap) => string.Create(
        CultureInfo.InvariantCulture,
        $$"""{"requestedAfterId":{{gap.RequestedAfterId}},"nextAvailableId":{{gap.NextAvailableId}}}""");
}
