using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using LoadLab.Engine.Publishing;

namespace LoadLab.Engine.Diagnosis;

/// <summary>
/// Publishes the probe's test events at a steady pace: event k is sent at start + k × interval whatever the
/// previous publish took, so the send gaps are known and arrival gaps can be held against them.
/// </summary>
internal sealed class TestEventPublisher(DoctorOptions options, ProbeClock clock)
{
    public string Marker { get; } = "loadlab-doctor-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    public TimeSpan Duration => options.PublishInterval * (options.PublishCount - 1);

    public async Task<PublishLog> RunAsync(Uri url, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = options.Timeout, AllowAutoRedirect = false }) { Timeout = options.Timeout };
        if (PublishToken.FromEnvironment() is { } token)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var start = clock.Now;
        var publishes = new List<Task<(PublishedEvent? Event, string? Failure)>>(options.PublishCount);
        for (var k = 0; k < options.PublishCount; k++)
        {
            // Fired on schedule, not after the previous answer: a slow publish does not shift the ones after it.
            await clock.WaitUntilAsync(start + options.PublishInterval * k, cancellationToken).ConfigureAwait(false);
            publishes.Add(PublishAsync(http, url, Payload(k), cancellationToken));
        }

        var results = await Task.WhenAll(publishes).ConfigureAwait(false);
        return new PublishLog(url, Marker, options.PublishInterval, [.. results.Select(r => r.Event)], results.FirstOrDefault(r => r.Failure is not null).Failure);
    }

    /// <summary>The marker and the index, padded to the payload size with dots: plain ASCII survives every transport and envelope.</summary>
    private byte[] Payload(int index)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{Marker} {index:D3} ");
        return Encoding.ASCII.GetBytes(text.PadRight(Math.Max(options.PublishPayloadBytes, text.Length), '.'));
    }

    /// <summary>The event as published, or why it was not.</summary>
    private async Task<(PublishedEvent? Event, string? Failure)> PublishAsync(HttpClient http, Uri url, byte[] payload, CancellationToken cancellationToken)
    {
        try
        {
            using var content = new ByteArrayContent(payload);
            var sentAt = clock.Now;
            using var response = await http.PostAsync(url, content, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return (new PublishedEvent(sentAt, clock.Now), null);
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var reason = BodyText.FirstLine(body.AsSpan(0, Math.Min(body.Length, BodyText.MaxBytes)), chunked: false);
            return (null, string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}{(reason is null ? "" : $": {reason}")}"));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return (null, ex is TaskCanceledException && !cancellationToken.IsCancellationRequested ? "no answer within the timeout" : ex.Message);
        }
    }
}
