using Microsoft.Extensions.Logging;

namespace LoadLab.Server.Front;

/// <summary>
/// One thread that writes to every connection of the push front: a publish marks the subscribers it reached as
/// ready, and this thread frames each one's waiting messages into one batch and hands it to the kernel with a
/// non-blocking <c>send()</c>. So a broadcast costs one system call per connection and no thread-pool hop per
/// delivery, as the machine's floor does (<c>../shared/limit</c>); and messages that pile up while a round is
/// under way go out together in the next one, one write for several frames. Thread-safe.
/// </summary>
internal sealed partial class PushSender : IDisposable
{
    private readonly object _gate = new();
    private readonly Thread _thread;
    private readonly ILogger _logger;
    private List<DirectPushConnection> _ready = [];
    private List<DirectPushConnection> _serving = [];
    private bool _waiting;
    private bool _stopping;

    public PushSender(ILogger logger)
    {
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "LoadLab push sender" };
        _thread.Start();
    }

    /// <summary>Queues a connection whose subscriber has work; called under the push core's locks, so it only takes note.</summary>
    public void Schedule(DirectPushConnection connection)
    {
        lock (_gate)
        {
            _ready.Add(connection);
            if (_waiting)
            {
                _waiting = false;
                Monitor.Pulse(_gate);
            }
        }
    }

    private void Run()
    {
        var batch = new SendBatch();
        while (true)
        {
            lock (_gate)
            {
                while (_ready.Count == 0)
                {
                    if (_stopping)
                    {
                        return;
                    }

                    _waiting = true;
                    Monitor.Wait(_gate);
                }

                (_ready, _serving) = (_serving, _ready);
            }

            foreach (var connection in _serving)
            {
                try
                {
                    connection.Pump(batch);
                }
                catch (Exception ex)
                {
                    // A bug in one connection must not stop every other one's messages.
                    LogPumpFailed(_logger, ex);
                    connection.Abort();
                }
            }

            _serving.Clear();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.Pulse(_gate);
        }

        _thread.Join();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing to a push connection failed; it was cut")]
    private static partial void LogPumpFailed(ILogger logger, Exception exception);
}
