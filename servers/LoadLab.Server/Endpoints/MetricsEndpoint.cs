using System.Globalization;
using System.Text;
using LoadLab.PushCore;
using LoadLab.Server.Front;
using Microsoft.AspNetCore.Http;

namespace LoadLab.Server.Endpoints;

/// <summary>
/// <c>GET /metrics</c> in the Prometheus text exposition format (0.0.4): the push core's counters,
/// the connection gate, and the process's memory and CPU, so a load run can put server cost per
/// connection and per delivered message next to its latency figures.
/// </summary>
internal sealed class MetricsEndpoint(PushHub hub, ConnectionGate gate, OriginPolicy origins, PushFront? front = null)
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public IResult Handle()
    {
        var push = hub.GetMetrics();
        var text = new PrometheusText();

        text.PerTransport("loadlab_push_subscribers", "gauge", "Current subscribers by transport.", push, counters => counters.Subscribers);

        text.Family("loadlab_push_messages_published_total", "counter", "Messages published.");
        text.Sample("loadlab_push_messages_published_total", push.Published);

        text.PerTransport("loadlab_push_messages_delivered_total", "counter", "Messages written to subscribers, by transport.", push, counters => counters.Delivered);

        text.PerTransport("loadlab_push_messages_dropped_total", "counter", "Messages dropped from full subscriber queues (DropOldest), by transport.", push, counters => counters.Dropped);

        text.PerTransport("loadlab_push_slow_consumers_disconnected_total", "counter", "Subscribers closed because their queue was full (Disconnect), by transport.", push, counters => counters.SlowConsumersDisconnected);

        text.PerTransport("loadlab_push_subscribers_dropped_total", "counter", "Subscribers cut on purpose by POST /admin/drop, by transport.", push, counters => counters.SubscribersDropped);

        text.Family("loadlab_push_queue_depth", "gauge", "Messages waiting in all subscriber queues.");
        text.Sample("loadlab_push_queue_depth", push.QueueDepth);

        text.Family("loadlab_push_resume_gaps_total", "counter", "Resumes that asked for messages the replay ring no longer held.");
        text.Sample("loadlab_push_resume_gaps_total", push.ResumeGaps);

        text.Family("loadlab_connections_active", "gauge", "Push connections held (WebSocket, SSE, pending long polls).");
        text.Sample("loadlab_connections_active", gate.Active);

        if (front is not null)
        {
            text.Family("loadlab_push_front_connections", "gauge", "Push connections served on the push front's own sockets (the rest of loadlab_connections_active is on Kestrel).");
            text.Sample("loadlab_push_front_connections", front.Count);
        }

        text.Family("loadlab_connections_rejected_total", "counter", "Push connections refused with 503 past Server:MaxConnections.");
        text.Sample("loadlab_connections_rejected_total", gate.Rejected);

        text.Family("loadlab_websocket_origin_refused_total", "counter", "WebSocket handshakes refused with 403: their Origin is not this server's and not in Server:AllowedOrigins.");
        text.Sample("loadlab_websocket_origin_refused_total", origins.Refused);

        if (hub.GetBackplaneStatus() is { } backplane)
        {
            WriteBackplane(text, backplane);
        }

        WriteProcess(text);
        return TypedResults.Text(text.ToString(), ContentType);
    }

    private static void WriteBackplane(PrometheusText text, BackplaneStatus backplane)
    {
        text.Family("loadlab_backplane_connected", "gauge", "1 while the backplane (Redis) is reachable and caught up, else 0 (see /healthz for the reason).");
        text.Sample("loadlab_backplane_connected", backplane.Connected ? 1 : 0);

        text.Family("loadlab_backplane_reconnects_total", "counter", "Times the connection to the backplane came back after a failure.");
        text.Sample("loadlab_backplane_reconnects_total", backplane.Reconnects);

        text.Family("loadlab_backplane_messages_lost_total", "counter", "Messages this instance never delivered: trimmed from (or lost by) Redis before it could fetch them.");
        text.Sample("loadlab_backplane_messages_lost_total", backplane.MessagesLost);

        text.Family("loadlab_backplane_publishes_refused_total", "counter", "Publishes answered 503 because the backplane was unreachable; nothing was published.");
        text.Sample("loadlab_backplane_publishes_refused_total", backplane.PublishesRefused);
    }

    private static void WriteProcess(PrometheusText text)
    {
        text.Family("process_resident_memory_bytes", "gauge", "Resident set size (RSS) of the server process.");
        text.Sample("process_resident_memory_bytes", Environment.WorkingSet);

        text.Family("process_cpu_seconds_total", "counter", "User and system CPU time of the server process.");
        text.Sample("process_cpu_seconds_total", Environment.CpuUsage.TotalTime.TotalSeconds);

        text.Family("dotnet_gc_heap_size_bytes", "gauge", "Managed heap size after the last garbage collection.");
        text.Sample("dotnet_gc_heap_size_bytes", GC.GetGCMemoryInfo().HeapSizeBytes);

        text.Family("dotnet_gc_total_memory_bytes", "gauge", "Bytes on the managed heap now, garbage not yet collected included (0 is never reported before a first collection, unlike the heap size).");
        text.Sample("dotnet_gc_total_memory_bytes", GC.GetTotalMemory(forceFullCollection: false));

        text.Family("dotnet_gc_allocated_bytes_total", "counter", "Bytes allocated on the managed heap since the process started.");
        text.Sample("dotnet_gc_allocated_bytes_total", GC.GetTotalAllocatedBytes());

        text.Family("dotnet_threadpool_threads", "gauge", "Thread pool threads.");
        text.Sample("dotnet_threadpool_threads", ThreadPool.ThreadCount);
    }

    /// <summary>Builds the exposition text with invariant number formatting.</summary>
    private sealed class PrometheusText
    {
        private readonly StringBuilder _text = new();

        public void Family(string name, string type, string help) =>
            _text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
                 .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

        public void Sample(string name, double value) =>
            _text.Append(name).Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');

        public void PerTransport(string name, string type, string help, PushMetricsSnapshot push, Func<TransportCounters, long> value)
        {
            Family(name, type, help);
            foreach (var (transport, counters) in push.ByTransport)
            {
                _text.Append(name).Append("{transport=\"").Append(transport.ToName()).Append("\"} ")
                     .Append(value(counters).ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        public override string ToString() => _text.ToString();
    }
}
