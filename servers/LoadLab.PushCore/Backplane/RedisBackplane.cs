using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace LoadLab.PushCore;

/// <summary>
/// The Redis backplane. A publish runs one Lua script that takes the topic's next id (<c>INCR</c>), appends the
/// message to the topic's stream under that id (<c>XADD … MAXLEN ~</c>) and announces it on the deployment's
/// channel (<c>PUBLISH</c>), atomically: ids are global and gap-free, and every instance gets one copy per
/// message. Each instance hands what the channel brings to <see cref="PushHub"/> in arrival order; whatever the
/// channel missed (a reconnect, a hole in the ids) is read back from the stream (<c>XRANGE</c>). Thread-safe.
/// </summary>
internal sealed partial class RedisBackplane : IDisposable
{
    // KEYS: sequence, stream. ARGV: topic, payload, stream length, channel.
    // The channel message is "<id>:<topic byte length>:<topic><payload>", so one channel serves every topic.
    private const string PublishScript = """
        local id = redis.call('INCR', KEYS[1])
        redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], id .. '-0', 'p', ARGV[2])
        redis.call('PUBLISH', ARGV[4], id .. ':' .. string.len(ARGV[1]) .. ':' .. ARGV[1] .. ARGV[2])
        return id
        """;

    // After Redis lost its data (a restart without persistence), the sequence must not go back below an id
    // this instance already fanned out. KEYS: sequence. ARGV: the floor.
    private const string RaiseSequenceScript = """
        local floor = tonumber(ARGV[1])
        if tonumber(redis.call('GET', KEYS[1]) or '0') < floor then
          redis.call('SET', KEYS[1], floor)
        end
        return 0
        """;

    private static readonly RedisValue PayloadField = "p";

    private readonly RedisBackplaneOptions _options;
    private readonly PushHub _hub;
    private readonly ILogger _logger;
    private readonly RedisValue _streamLength;
    private readonly RedisChannel _channel;
    private readonly CancellationTokenSource _stopping = new();
    private ConnectionMultiplexer? _redis;
    private Task _recovery = Task.CompletedTask;
    private readonly Lock _recoveryGate = new();
    private volatile string? _problem = "not started";
    private long _reconnects;
    private long _lost;
    private long _publishesRefused;

    public RedisBackplane(PushHubOptions options, PushHub hub, ILogger? logger)
    {
        _options = options.Redis;
        _hub = hub;
        _logger = logger ?? NullLogger.Instance;
        _streamLength = Math.Max(options.ReplaySize, options.Redis.StreamLength);
        _channel = RedisChannel.Literal(_options.KeyPrefix + "messages");
    }

    public BackplaneStatus Status
    {
        get
        {
            var problem = _problem;
            return new BackplaneStatus(
                "redis",
                problem is null,
                problem,
                Interlocked.Read(ref _reconnects),
                Interlocked.Read(ref _lost),
                Interlocked.Read(ref _publishesRefused));
        }
    }

    /// <summary>Connects and subscribes; fails with <see cref="BackplaneUnavailableException"/> when Redis cannot be reached at start.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var configuration = ConfigurationOptions.Parse(_options.Configuration);
        // Once connected, the multiplexer reconnects by itself; commands issued meanwhile fail at once
        // (a publish answers 503) instead of waiting in a backlog to be sent late.
        configuration.AbortOnConnectFail = true;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ClientName ??= "loadlab";
        try
        {
            _redis = await ConnectionMultiplexer.ConnectAsync(configuration).WaitAsync(cancellationToken);
        }
        catch (RedisConnectionException ex)
        {
            throw new BackplaneUnavailableException($"cannot reach Redis at {_options.Configuration} (Push:Redis:Configuration): {ex.Message}", ex);
        }

        _redis.ConnectionFailed += OnConnectionFailed;
        _redis.ConnectionRestored += OnConnectionRestored;
        var queue = await SubscribeAsync(_redis, TimeSpan.FromMilliseconds(configuration.ConnectTimeout), cancellationToken);
        _problem = null;
        // One loop per instance, not per subscriber: it ends when the hub is disposed.
        _ = ReadLoopAsync(queue, _stopping.Token);
        LogConnected(_logger, _options.Configuration, _options.KeyPrefix);
    }

    /// <summary>
    /// Subscribes to the channel. The subscription has its own connection, which may still be opening when the
    /// multiplexer says it is connected; with <see cref="BacklogPolicy.FailFast"/> that is an error, so it is tried
    /// again until the connect timeout.
    /// </summary>
    private async Task<ChannelMessageQueue> SubscribeAsync(ConnectionMultiplexer redis, TimeSpan connectTimeout, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                return await redis.GetSubscriber().SubscribeAsync(_channel).WaitAsync(cancellationToken);
            }
            catch (RedisConnectionException ex) when (System.Diagnostics.Stopwatch.GetElapsedTime(started) < connectTimeout)
            {
                LogSubscribeRetry(_logger, ex.Message);
                await Task.Delay(_options.RetryInterval, cancellationToken);
            }
            catch (RedisConnectionException ex)
            {
                throw Unavailable(ex);
            }
        }
    }

    /// <summary>Publishes through Redis and returns the message's global id; the message reaches local subscribers through the channel like everyone else's.</summary>
    public async ValueTask<long> PublishAsync(string topic, byte[] payload, CancellationToken cancellationToken)
    {
        var redis = Connected(toPublish: true);
        try
        {
            var id = await redis.GetDatabase().ScriptEvaluateAsync(
                PublishScript,
                [SequenceKey(topic), StreamKey(topic)],
                [topic, payload, _streamLength, _channel.ToString()]).WaitAsync(cancellationToken);
            return (long)id;
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
        {
            // It may have run before the connection broke: the publisher is told to retry, at worst publishing twice, never losing silently.
            Interlocked.Increment(ref _publishesRefused);
            throw Unavailable(ex);
        }
    }

    /// <summary>The topic's current id in Redis: where a topic this instance has not seen yet starts.</summary>
    public async ValueTask<long> GetLastIdAsync(string topic, CancellationToken cancellationToken)
    {
        var redis = Connected(toPublish: false);
        try
        {
            var value = await redis.GetDatabase().StringGetAsync(SequenceKey(topic)).WaitAsync(cancellationToken);
            return value.IsNull ? 0 : (long)value;
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
        {
            throw Unavailable(ex);
        }
    }

    /// <summary>The messages of the topic's stream after <paramref name="afterId"/>, oldest first; what was trimmed is simply absent.</summary>
    public async ValueTask<IReadOnlyList<BackplaneEntry>> ReadAfterAsync(string topic, long afterId, CancellationToken cancellationToken)
    {
        var redis = Connected(toPublish: false);
        StreamEntry[] entries;
        try
        {
            var from = string.Create(CultureInfo.InvariantCulture, $"{afterId + 1}-0");
            entries = await redis.GetDatabase().StreamRangeAsync(StreamKey(topic), from, "+").WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
        {
            throw Unavailable(ex);
        }

        var result = new BackplaneEntry[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            var id = entries[i].Id.ToString();
            result[i] = new BackplaneEntry(long.Parse(id.AsSpan(0, id.IndexOf('-', StringComparison.Ordinal)), CultureInfo.InvariantCulture), (byte[])entries[i][PayloadField]!);
        }

        return result;
    }

    /// <summary>Counts ids this instance will never deliver.</summary>
    public void CountLost(long count)
    {
        if (count > 0)
        {
            Interlocked.Add(ref _lost, count);
            LogLost(_logger, count);
        }
    }

    /// <summary>Stops reading and closes the connection; the read loop and a catch-up in progress end on the cancellation.</summary>
    public void Dispose()
    {
        _stopping.Cancel();
        if (_redis is not null)
        {
            _redis.ConnectionFailed -= OnConnectionFailed;
            _redis.ConnectionRestored -= OnConnectionRestored;
            _redis.Dispose();
        }
    }

    private RedisKey SequenceKey(string topic) => $"{_options.KeyPrefix}{{{topic}}}:seq";

    private RedisKey StreamKey(string topic) => $"{_options.KeyPrefix}{{{topic}}}:stream";

    /// <summary>
    /// The connection, if it can be used now. Reads only need Redis to answer; a publish also waits for the
    /// catch-up after a reconnect, which raises the sequences again should Redis have come back empty.
    /// </summary>
    private ConnectionMultiplexer Connected(bool toPublish)
    {
        if (_redis is { IsConnected: true } redis && (!toPublish || _problem is null))
        {
            return redis;
        }

        if (toPublish)
        {
            Interlocked.Increment(ref _publishesRefused);
        }

        throw Unavailable(null);
    }

    private BackplaneUnavailableException Unavailable(Exception? cause)
    {
        var message = $"backplane unreachable: Redis at {_options.Configuration}: {cause?.Message ?? _problem}";
        return cause is null ? new BackplaneUnavailableException(message) : new BackplaneUnavailableException(message, cause);
    }

    private async Task ReadLoopAsync(ChannelMessageQueue queue, CancellationToken stopping)
    {
        await Task.Yield();
        while (!stopping.IsCancellationRequested)
        {
            ChannelMessage received;
            try
            {
                received = await queue.ReadAsync(stopping);
            }
            catch (Exception ex) when (ex is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
            {
                return;
            }

            if (!TryParse(received.Message, out var topic, out var id, out var payload))
            {
                LogMalformed(_logger, _channel.ToString());
                continue;
            }

            try
            {
                await _hub.DeliverAsync(topic, id, payload, stopping);
            }
            catch (BackplaneUnavailableException ex)
            {
                // Filling a hole needs Redis, which just went away: the catch-up after the reconnect fetches it.
                LogDeferred(_logger, topic, id, ex.Message);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private static bool TryParse(RedisValue message, out string topic, out long id, out byte[] payload)
    {
        topic = "";
        payload = [];
        ReadOnlySpan<byte> bytes = ((ReadOnlyMemory<byte>)message).Span;
        if (!Utf8Parser.TryParse(bytes, out id, out var consumed) || consumed >= bytes.Length || bytes[consumed] != (byte)':')
        {
            return false;
        }

        bytes = bytes[(consumed + 1)..];
        if (!Utf8Parser.TryParse(bytes, out int topicLength, out consumed) || consumed >= bytes.Length || bytes[consumed] != (byte)':')
        {
            return false;
        }

        bytes = bytes[(consumed + 1)..];
        if (topicLength <= 0 || topicLength > bytes.Length)
        {
            return false;
        }

        topic = Encoding.UTF8.GetString(bytes[..topicLength]);
        payload = bytes[topicLength..].ToArray();
        return true;
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        _problem = $"{e.FailureType} ({e.ConnectionType} connection to {e.EndPoint}): {e.Exception?.Message}";
        LogConnectionFailed(_logger, e.ConnectionType.ToString(), e.FailureType.ToString(), e.Exception?.Message);
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            Interlocked.Increment(ref _reconnects);
        }

        // The channel missed what was published meanwhile, and Redis may have restarted empty: catch up from
        // the streams once every connection is back, before calling the backplane healthy again.
        _problem = "reconnecting; will catch up from the streams";
        lock (_recoveryGate)
        {
            _recovery = _recovery.ContinueWith(_ => RecoverAsync(_stopping.Token), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }

    private async Task RecoverAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (AllConnected())
                {
                    await _hub.CatchUpAllAsync(RaiseSequenceAsync, stopping);
                    if (AllConnected())
                    {
                        _problem = null;
                        LogRecovered(_logger, _options.Configuration);
                        return;
                    }
                }
            }
            catch (Exception ex) when (ex is RedisException or RedisTimeoutException or BackplaneUnavailableException)
            {
                LogRecoveryFailed(_logger, ex.Message);
            }

            await Task.Delay(_options.RetryInterval, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private bool AllConnected() => _redis is { IsConnected: true } redis && redis.GetSubscriber().IsConnected(_channel);

    /// <summary>Makes sure Redis's sequence is not behind <paramref name="lastId"/>, the newest id this instance has fanned out.</summary>
    private async Task RaiseSequenceAsync(string topic, long lastId, CancellationToken cancellationToken) =>
        await _redis!.GetDatabase().ScriptEvaluateAsync(RaiseSequenceScript, [SequenceKey(topic)], [lastId]).WaitAsync(cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis backplane connected to {Configuration}, key prefix {KeyPrefix}")]
    private static partial void LogConnected(ILogger logger, string configuration, string keyPrefix);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis backplane: {ConnectionType} connection failed ({FailureType}): {Reason}")]
    private static partial void LogConnectionFailed(ILogger logger, string connectionType, string failureType, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis backplane: the subscription's connection is not open yet, trying again: {Reason}")]
    private static partial void LogSubscribeRetry(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis backplane at {Configuration} is back; caught up from the streams")]
    private static partial void LogRecovered(ILogger logger, string configuration);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis backplane: catching up after the reconnect failed, trying again: {Reason}")]
    private static partial void LogRecoveryFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis backplane: {Count} messages were trimmed from (or lost by) Redis before this instance could deliver them")]
    private static partial void LogLost(ILogger logger, long count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis backplane: message {Id} of topic {Topic} waits for the reconnect: {Reason}")]
    private static partial void LogDeferred(ILogger logger, string topic, long id, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Redis backplane: a message on channel {Channel} is not in the expected format; ignored")]
    private static partial void LogMalformed(ILogger logger, string channel);
}
