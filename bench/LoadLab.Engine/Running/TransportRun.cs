using LoadLab.Engine.Clients;
using LoadLab.Engine.Clients.Receiving;
using LoadLab.Engine.Measurement;
using LoadLab.Engine.Probes;
using LoadLab.Engine.Publishing;
using LoadLab.Engine.Scenarios;
using LoadLab.Engine.Sharding;
using LoadLab.Results;

namespace LoadLab.Engine.Running;

/// <summary>
/// One transport under the scenario's load: opens and closes clients to follow the load profile, runs
/// the publisher, samples every second, and turns what was recorded into a <see cref="TransportRunResult"/>.
/// Cancelling it ends the run early; the result is then marked aborted and holds what was measured.
/// </summary>
internal sealed class TransportRun(Scenario scenario, TransportKind transport, RunEnvironment environment, IProgress<RunProgress>? progress)
{
    /// <summary>How often the client count is brought in line with the profile.</summary>
    private static readonly TimeSpan ControlInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>Time after the peak before the server's memory is read (and publishing starts): connections settle.</summary>
    private static readonly TimeSpan MemorySettle = TimeSpan.FromSeconds(1);

    /// <summary>Time between the last publish and the ramp-down, for messages still in flight.</summary>
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(2);

    /// <summary>How long stopped clients get to finish before the run moves on.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly LoadProfile _profile = new(scenario.Stages);
    private readonly List<ActiveClient> _active = [];
    private readonly List<ActiveClient> _stopping = [];
    private readonly List<ClientSubscription> _subscriptions = [];
    private readonly Dictionary<PublishTopic, Uri> _subscribeUris = [];
    private readonly TransportEndpoints _endpoints = scenario.Endpoints[transport];

    /// <summary>Whether the clients subscribe where the reference server does, so its extensions (WebSocket resume with <c>loadlab.v1</c>) may be offered.</summary>
    private readonly bool _onReferenceEndpoint = scenario.Endpoints[transport].Subscribe == TransportEndpoints.ReferenceServer(scenario.Publisher.Via)[transport].Subscribe;

    /// <summary>This run's share of the profile's connections: all of them unless it is one shard of a sharded run.</summary>
    private ShardSpec Shard => environment.Shard?.Shard ?? ShardSpec.Whole;

    public async Task<TransportRunResult> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var clock = environment.Shard?.Clock ?? new RunClock();
        var recorder = new RunRecorder(clock, (long)(scenario.Warmup.Ticks / 10.0), HasSlowClients);
        var context = new ClientContext(scenario, environment.Http, recorder, scenario.ConnectTimeout, ReceiveLoops.Enabled);
        var topics = CreateTopics();
        var publisher = scenario.Mode == ScenarioMode.Broadcast ? new Publisher(scenario.Publisher, topics, environment.PublishHttp, recorder, environment.Shard?.Share ?? PublishShare.Whole) : null;
        var publishEnd = publisher is null ? _profile.Duration : _profile.PublishEnd(Drain);
        var publishStart = TimeSpan.Zero;
        var usage = new ClientUsage();
        var serverBefore = await environment.Probe.SampleAsync(cancellationToken).ConfigureAwait(false);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampler = new SecondSampler(recorder, environment.Probe, usage, scenario.Warmup, _profile, transport, progress);
        var sampling = sampler.RunAsync(stop.Token);
        var publishing = Task.CompletedTask;
        var faults = new FaultInjector(scenario.Faults, transport, environment, clock);
        var injecting = faults.RunAsync(stop.Token);

        // Memory per connection is the RSS slope between a quarter of the peak and the peak, both idle:
        // the one-time costs the first connections trigger (JIT, thread pool growth) stay out of it.
        var memoryLow = (Sample: (ServerSample?)null, Connections: 0);
        var lowConnections = Math.Max(1, _profile.PeakConnections / 4);

        // Server CPU is read over the publishing window, where the deliveries it is divided by happen.
        var cpuWindowEnd = (Sample: (ServerSample?)null, Delivered: 0L);
        var deliveredAtPublishStart = 0L;
        ServerSample? serverLoaded = null;
        var connectionsAtMemorySample = 0;
        var aborted = false;
        TimeSpan? firstLaunch = null, allConnectedAfter = null;
        var peakShare = Shard.ShareOf(_profile.PeakConnections);
        try
        {
            // A publisher that could not start at all (its WebSocket refused) ends the run now: the rest would measure silence.
            while (clock.Elapsed < _profile.Duration && !publishing.IsFaulted)
            {
                var tick = clock.Elapsed;
                Follow(_profile.ConnectionsAt(tick), context, topics, stop.Token);
                if (firstLaunch is null && _subscriptions.Count > 0)
                {
                    firstLaunch = tick;
                }

                if (allConnectedAfter is null && firstLaunch is { } launched && peakShare > 0 && recorder.Connections >= peakShare)
                {
                    allConnectedAfter = clock.Elapsed - launched;
                }

                if (memoryLow.Sample is null && recorder.Connections >= lowConnections && lowConnections < _profile.PeakConnections)
                {
                    memoryLow = (await environment.Probe.SampleAsync(cancellationToken).ConfigureAwait(false), recorder.Connections);
                }

                if (serverLoaded is null && clock.Elapsed >= _profile.PeakReachedAt + MemorySettle)
                {
                    // Memory per connection is measured with the connections idle: before the first publish.
                    connectionsAtMemorySample = recorder.Connections;
                    serverLoaded = await environment.Probe.SampleAsync(cancellationToken).ConfigureAwait(false);
                    usage.ConnectionsOpened(connectionsAtMemorySample);
                    if (publisher is not null && clock.Elapsed < publishEnd)
                    {
                        publishStart = environment.Shard is null ? clock.Elapsed : ShardSlot.PublishStart(_profile.PeakReachedAt + MemorySettle);
                        deliveredAtPublishStart = recorder.Delivered;
                        usage.LoadStarted(deliveredAtPublishStart, recorder.Reads);
                        publishing = publisher.RunAsync(publishStart, publishEnd, Max(scenario.Warmup, publishStart), stop.Token);
                    }
                }

                if (publisher is not null && cpuWindowEnd.Sample is null && serverLoaded is not null && clock.Elapsed >= publishEnd + Drain)
                {
                    cpuWindowEnd = (await environment.Probe.SampleAsync(cancellationToken).ConfigureAwait(false), recorder.Delivered);
                    usage.LoadEnded(cpuWindowEnd.Delivered, recorder.Reads);
                }

                await Task.Delay(ControlInterval, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            aborted = true;
        }

        if (publisher is not null && cpuWindowEnd.Sample is null)
        {
            // The loop missed the window's end (a busy machine's tick ran past the run's end): the engine's window ends
            // here, as the server's then ends at the run's end (below), rather than leaving its cost per message unknown.
            usage.LoadEnded(recorder.Delivered, recorder.Reads);
        }

        if (serverLoaded is null)
        {
            connectionsAtMemorySample = recorder.Connections;
            serverLoaded = await environment.Probe.SampleAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await stop.CancelAsync().ConfigureAwait(false);
        await StopClientsAsync().ConfigureAwait(false);
        await IgnoreCancellation(publishing).ConfigureAwait(false);
        await injecting.ConfigureAwait(false);
        var series = await sampler.CompleteAsync(sampling).ConfigureAwait(false);
        var serverAfter = await environment.Probe.SampleAsync(CancellationToken.None).ConfigureAwait(false);

        var measured = recorder.TakeMeasuredLatency();
        var measuredFrom = publisher is null ? scenario.Warmup : Max(scenario.Warmup, publishStart);
        var measuredSeconds = Math.Max(0, ((aborted ? clock.Elapsed : publishEnd) - measuredFrom).TotalSeconds);
        var result = new TransportRunResult
        {
            Transport = transport.ToName(),
            Status = aborted ? RunStatus.Aborted : RunStatus.Completed,
            StartedAt = startedAt,
            MeasuredSeconds = measuredSeconds,
            Connections = new ConnectionStats(
                Shard.ShareOf(_profile.PeakConnections),
                recorder.Established,
                recorder.FailedConnections,
                new SortedDictionary<string, int>(recorder.Failures.ToDictionary(), StringComparer.Ordinal),
                HistogramSummary.ConnectTimes(recorder.TakeConnectTimes()))
            {
                AllConnectedAfterMs = allConnectedAfter?.TotalMilliseconds,
            },
            Messages = MessageAccounting.Count(_subscriptions, subscription => true, topics),
            LatencyMs = HistogramSummary.Latency(measured),
            Throughput = new ThroughputStats(
                measuredSeconds > 0 ? recorder.DeliveredMeasured / measuredSeconds : 0,
                measuredSeconds > 0 ? recorder.BytesMeasured / measuredSeconds : 0),
            Server = ServerFigures(
                serverBefore,
                memoryLow,
                (serverLoaded, connectionsAtMemorySample),
                publisher is null ? (serverBefore, 0) : (serverLoaded, deliveredAtPublishStart),
                cpuWindowEnd.Sample is { } end ? (end, cpuWindowEnd.Delivered) : (serverAfter, recorder.Delivered),
                series),
            Client = usage.Summarize(clock.Elapsed, publisher),
            Timeseries = series,
            Thresholds = [],
            LatencyHistogram = HistogramCodec.Encode(measured),
            Reconnects = transport == TransportKind.LongPoll ? null : new ReconnectStats(
                recorder.Drops,
                recorder.ReconnectAttempts,
                recorder.Reconnects,
                recorder.ResumeGaps,
                HistogramSummary.ConnectTimes(recorder.TakeReconnectTimes())),
            Faults = scenario.Faults.Count > 0 ? faults.Events : null,
            SlowClients = SlowClientFigures(recorder, serverBefore, serverAfter),
            Ledger = environment.Shard is null ? null : MessageLedgerBuilder.Build(_subscriptions, topics),
        };
        return result with { Thresholds = ThresholdEvaluator.Evaluate(scenario.Thresholds, result) };
    }

    private IReadOnlyList<PublishTopic> CreateTopics()
    {
        if (scenario.Mode == ScenarioMode.Echo)
        {
            return [];
        }

        var lastScheduled = LastScheduled(_profile.PublishEnd(Drain), scenario.Publisher.Rate / scenario.Publisher.Topics);
        return [.. Enumerable.Range(0, scenario.Publisher.Topics).Select(i =>
        {
            var name = $"{environment.TopicPrefix}-{transport.ToName()}-{i}";
            return new PublishTopic(name, environment.Resolve(_endpoints.Publish, name), lastScheduled);
        })];
    }

    /// <summary>
    /// The highest sequence a schedule of <paramref name="rate"/> messages per second can reach on one topic
    /// within <paramref name="window"/> from the run's start: publishing starts later and never runs past it.
    /// </summary>
    private static long LastScheduled(TimeSpan window, double rate) => (long)Math.Ceiling(window.TotalSeconds * rate);

    /// <summary>Opens or closes clients so that <paramref name="target"/> are running; the newest close first.</summary>
    private void Follow(int target, ClientContext context, IReadOnlyList<PublishTopic> topics, CancellationToken stop)
    {
        while (_active.Count < Shard.ShareOf(target))
        {
            var index = Shard.GlobalIndex(_subscriptions.Count);
            var topic = scenario.Mode == ScenarioMode.Echo
                ? new PublishTopic($"{environment.TopicPrefix}-echo-{index}", environment.Resolve(_endpoints.Publish, $"{environment.TopicPrefix}-echo-{index}"), LastScheduled(_profile.Duration, scenario.Publisher.Rate))
                : topics[index % topics.Count];
            var slowDelay = HasSlowClients && scenario.SlowClients.IsSlow(index) ? scenario.SlowClients.DelayPerMessage : TimeSpan.Zero;
            var subscription = new ClientSubscription(topic, SubscribeUri(topic), slowDelay);
            VirtualClient client = transport switch
            {
                TransportKind.WebSocket => new WebSocketClient(context, subscription, scenario.Mode == ScenarioMode.Echo ? scenario.Publisher.Rate : 0, _onReferenceEndpoint),
                TransportKind.Sse => new SseClient(context, subscription),
                _ => new LongPollClient(context, subscription),
            };
            var clientStop = CancellationTokenSource.CreateLinkedTokenSource(stop);
            _subscriptions.Add(subscription);
            _active.Add(new ActiveClient(client.RunAsync(clientStop.Token), clientStop));
        }

        while (_active.Count > Shard.ShareOf(target))
        {
            var newest = _active[^1];
            _active.RemoveAt(_active.Count - 1);
            newest.Stop.Cancel();
            _stopping.Add(newest);
        }
    }

    private async Task StopClientsAsync()
    {
        var all = _active.Concat(_stopping).ToList();
        foreach (var client in all)
        {
            await client.Stop.CancelAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(all.Select(client => client.Running)).WaitAsync(StopTimeout).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
        all.ForEach(client => client.Stop.Dispose());
        _active.Clear();
        _stopping.Clear();
    }

    /// <summary>
    /// Where a topic's subscribers connect: resolved once per topic, not per client (a connect storm opens thousands a
    /// second), and for WebSocket with its <c>ws</c> scheme.
    /// </summary>
    private Uri SubscribeUri(PublishTopic topic)
    {
        if (!_subscribeUris.TryGetValue(topic, out var uri))
        {
            uri = environment.Resolve(_endpoints.Subscribe, topic.Name);
            uri = transport == TransportKind.WebSocket ? PublishSockets.ToWebSocketUri(uri) : uri;
            // An echo client's topic is its own: nothing to share.
            if (scenario.Mode != ScenarioMode.Echo)
            {
                _subscribeUris.Add(topic, uri);
            }
        }

        return uri;
    }

    /// <summary>Whether this run has slow clients: long-poll clients never are (a poll is an answer, not a stream to stop reading).</summary>
    private bool HasSlowClients => scenario.SlowClients.Fraction > 0 && transport != TransportKind.LongPoll;

    private SlowClientStats? SlowClientFigures(RunRecorder recorder, ServerSample before, ServerSample after)
    {
        if (recorder.TakeSplitLatency() is not { } latency)
        {
            return null;
        }

        return new SlowClientStats(
            _subscriptions.Count(subscription => subscription.IsSlow),
            scenario.SlowClients.DelayPerMessage.TotalMilliseconds,
            HistogramSummary.Latency(latency.Healthy),
            HistogramSummary.Latency(latency.Slow),
            MessageAccounting.Count(_subscriptions, subscription => !subscription.IsSlow).Lost,
            MessageAccounting.Count(_subscriptions, subscription => subscription.IsSlow).Lost,
            Delta(before.SlowConsumersDisconnected, after.SlowConsumersDisconnected),
            Delta(before.MessagesDropped, after.MessagesDropped));
    }

    private static long? Delta(long? before, long? after) => after is { } end ? end - (before ?? 0) : null;

    private static ServerStats ServerFigures(
        ServerSample before,
        (ServerSample? Sample, int Connections) memoryLow,
        (ServerSample Sample, int Connections) memoryHigh,
        (ServerSample Sample, long Delivered) cpuStart,
        (ServerSample Sample, long Delivered) cpuEnd,
        IReadOnlyList<TimeSeriesPoint> series)
    {
        var peak = series.Select(point => point.ServerRssBytes).Append(memoryHigh.Sample.RssBytes).Append(cpuEnd.Sample.RssBytes).Max();
        var (from, fromConnections) = memoryLow.Sample?.RssBytes is { } lowRss && memoryHigh.Connections > memoryLow.Connections
            ? (lowRss, memoryLow.Connections)
            : (before.RssBytes, 0);
        double? perConnection = from is { } start && memoryHigh.Sample.RssBytes is { } end && memoryHigh.Connections > fromConnections
            ? (double)(end - start) / (memoryHigh.Connections - fromConnections)
            : null;
        double? cpu = cpuStart.Sample.CpuSeconds is { } cpuBefore && cpuEnd.Sample.CpuSeconds is { } cpuAfter ? cpuAfter - cpuBefore : null;
        var delivered = cpuEnd.Delivered - cpuStart.Delivered;
        double? perDelivered = cpu is { } seconds && delivered > 0 ? seconds * 1_000_000 / delivered : null;
        return new ServerStats(before.RssBytes, peak, perConnection, cpu, perDelivered)
        {
            GcHeapBytesPeak = series.Select(point => point.ServerGcHeapBytes).Append(memoryHigh.Sample.GcHeapBytes).Append(cpuEnd.Sample.GcHeapBytes).Max(),
            QueueDepthPeak = series.Select(point => point.ServerQueueDepth).Append(memoryHigh.Sample.QueueDepth).Append(cpuEnd.Sample.QueueDepth).Max(),
        };
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static async Task IgnoreCancellation(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose.
        }
    }

    private sealed record ActiveClient(Task Running, CancellationTokenSource Stop);
}
