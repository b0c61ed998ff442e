using System.Diagnostics;
using System.Globalization;
using LoadLab.Results;

namespace LoadLab.Engine.Sharding;

/// <summary>
/// Estimates an agent's clock offset to the target NTP-style: several <c>GET /time</c> exchanges (the reference
/// server answers with its clock in microseconds since the Unix epoch), each giving
/// <c>offset = ((t1 − t0) + (t2 − t3)) / 2</c> within ± round trip / 2; the exchange with the smallest round trip
/// wins, since queueing only ever adds to it. A server without <c>/time</c> is read from its <c>Date</c> header,
/// which adds ± 1 s: it is truncated to the second, and servers cache it (Kestrel renews it once a second, nginx once
/// per event-loop turn), so it may be up to a second old as well. Thread-safe (stateless).
/// </summary>
public static class ClockOffsetEstimator
{
    public const int DefaultSamples = 8;

    public const string TimeSource = "GET /time";

    public const string DateSource = "Date header";

    /// <summary>
    /// Half the span a <c>Date</c> header leaves open: the server's time is within two seconds after it (one of
    /// truncation, up to one of the server's caching of the header).
    /// </summary>
    private const double DateResolutionMicroseconds = 1_000_000;

    public static async Task<ClockOffset> EstimateAsync(HttpClient http, Uri target, int samples, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        var timeUri = new Uri(target, "/time");
        (double Offset, double RoundTrip)? best = null;
        var source = TimeSource;
        for (var i = 0; i < samples; i++)
        {
            var (serverMicroseconds, t0, t3) = await ExchangeAsync(http, source == TimeSource ? timeUri : target, source, cancellationToken).ConfigureAwait(false);
            if (serverMicroseconds is null && source == TimeSource)
            {
                // Not our server: fall back on the Date header every HTTP server sends, from the next exchange on.
                source = DateSource;
                i--;
                continue;
            }

            if (serverMicroseconds is not { } server)
            {
                throw new HttpRequestException($"{target} told no time: neither GET /time nor a Date header");
            }

            // The server reads its clock once: t1 = t2.
            var offset = ((server - t0) + (server - t3)) / 2.0;
            var roundTrip = t3 - t0;
            if (best is null || roundTrip < best.Value.RoundTrip)
            {
                best = (offset, roundTrip);
            }
        }

        var (bestOffset, bestRoundTrip) = best!.Value;
        var resolution = source == DateSource ? DateResolutionMicroseconds : 0;
        return new ClockOffset(bestOffset / 1000.0, (bestRoundTrip / 2.0 + resolution) / 1000.0, bestRoundTrip / 1000.0, samples, source);
    }

    /// <summary>One exchange: the server's clock as <paramref name="source"/> tells it (null when it does not), and t0/t3 on the local clock.</summary>
    private static async Task<(double? Server, double T0, double T3)> ExchangeAsync(HttpClient http, Uri uri, string source, CancellationToken cancellationToken)
    {
        var t0 = UnixMicroseconds(DateTimeOffset.UtcNow);
        var watch = Stopwatch.StartNew();
        using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);

        // t3 from the monotonic timer: a wall clock stepped during the exchange must not bend the round trip.
        var t3 = t0 + watch.Elapsed.Ticks / 10.0;
        if (source == TimeSource)
        {
            return response.IsSuccessStatusCode && long.TryParse(body.AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var microseconds)
                ? (microseconds, t0, t3)
                : (null, t0, t3);
        }

        // Truncated to the second and possibly a second old: the middle of the two seconds after it is the best guess.
        return response.Headers.Date is { } date ? (UnixMicroseconds(date) + DateResolutionMicroseconds, t0, t3) : (null, t0, t3);
    }

    private static double UnixMicroseconds(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks / 10.0;
}
