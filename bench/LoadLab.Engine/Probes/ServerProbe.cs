using System.Globalization;

namespace LoadLab.Engine.Probes;

/// <summary>
/// Reads the server's RSS and CPU time: from <c>/proc/&lt;pid&gt;</c> when the engine started the server
/// itself (exact, and independent of the server's cooperation), else from the target's Prometheus
/// <c>/metrics</c> (<c>process_resident_memory_bytes</c>, <c>process_cpu_seconds_total</c>, as the
/// reference server and common Prometheus clients expose them). A target with neither gives nulls. The
/// managed heap and the push counters (queue depth, slow consumers) come from <c>/metrics</c> when it has
/// them. The process id is asked for at every sample: a restarted server has a new one. Thread-safe.
/// </summary>
internal sealed class ServerProbe(HttpClient http, Uri metricsUri, Func<int?> processId)
{
    /// <summary>Linux reports CPU in clock ticks of 1/100 s (USER_HZ) on every platform .NET runs on.</summary>
    private const double ClockTicksPerSecond = 100;

    private volatile bool _metricsMissing;

    public async Task<ServerSample> SampleAsync(CancellationToken cancellationToken)
    {
        var proc = processId() is { } pid ? ReadProc(pid) : null;
        var metrics = await ReadMetricsAsync(cancellationToken).ConfigureAwait(false);
        return proc is null ? metrics : metrics with { RssBytes = proc.RssBytes, CpuSeconds = proc.CpuSeconds };
    }

    private async Task<ServerSample> ReadMetricsAsync(CancellationToken cancellationToken)
    {
        if (_metricsMissing)
        {
            return ServerSample.Unknown;
        }

        try
        {
            using var response = await http.GetAsync(metricsUri, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                _metricsMissing = true;
                return ServerSample.Unknown;
            }

            return ParsePrometheus(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
        {
            return ServerSample.Unknown;
        }
    }

    internal static ServerSample ParsePrometheus(string text)
    {
        double? rss = null, cpu = null, heap = null, heapNow = null, queue = null, slow = null, dropped = null;
        foreach (var line in text.Split('\n'))
        {
            if (TryReadSample(line, "process_resident_memory_bytes", out var value))
            {
                rss = value;
            }
            else if (TryReadSample(line, "process_cpu_seconds_total", out value))
            {
                cpu = value;
            }
            else if (TryReadSample(line, "dotnet_gc_heap_size_bytes", out value))
            {
                heap = value;
            }
            else if (TryReadSample(line, "dotnet_gc_total_memory_bytes", out value))
            {
                heapNow = value;
            }
            else if (TryReadSample(line, "loadlab_push_queue_depth", out value))
            {
                queue = value;
            }
            else if (TryReadSample(line, "loadlab_push_slow_consumers_disconnected_total", out value))
            {
                // One sample per transport: summed.
                slow = (slow ?? 0) + value;
            }
            else if (TryReadSample(line, "loadlab_push_messages_dropped_total", out value))
            {
                dropped = (dropped ?? 0) + value;
            }
        }

        return new ServerSample((long?)rss, cpu)
        {
            // The heap now where the server says it: the size after the last collection is 0 until there was one.
            GcHeapBytes = (long?)(heapNow ?? heap),
            QueueDepth = (long?)queue,
            SlowConsumersDisconnected = (long?)slow,
            MessagesDropped = (long?)dropped,
        };
    }

    private static bool TryReadSample(string line, string name, out double value)
    {
        value = 0;
        return line.StartsWith(name, StringComparison.Ordinal)
            && line.Length > name.Length
            && (line[name.Length] == ' ' || line[name.Length] == '{')
            && double.TryParse(line.AsSpan(line.LastIndexOf(' ') + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static ServerSample? ReadProc(int pid)
    {
        try
        {
            long? rss = null;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
                    break;
                }
            }

            // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return new ServerSample(rss, ticks / ClockTicksPerSecond);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
