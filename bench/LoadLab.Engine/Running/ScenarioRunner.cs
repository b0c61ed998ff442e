using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using LoadLab.Engine.Clients;
using LoadLab.Engine.Probes;
using LoadLab.Engine.Publishing;
using LoadLab.Engine.Scenarios;
using LoadLab.Results;

namespace LoadLab.Engine.Running;

/// <summary>
/// Runs a scenario: each transport in turn under the same load, against the target or — without one — a
/// fresh embedded server per transport, so no transport inherits another's warmed-up or worn server.
/// It checks that the target answers before loading it, and hands the results over after every transport
/// (<see cref="RunOptions.Checkpoint"/>), marked aborted when the run is interrupted.
/// </summary>
public sealed class ScenarioRunner(Func<CancellationToken, Task<ITargetServer>> startEmbeddedServer)
{
    /// <summary>How long the target may take to answer the reachability check.</summary>
    private static readonly TimeSpan ReachabilityTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Publishing connections: enough for thousands of publishes a second over keep-alive, few enough to stay a publisher.</summary>
    private const int PublishConnections = 64;

    public async Task<RunResult> RunAsync(Scenario scenario, RunOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        var startedAt = DateTimeOffset.UtcNow;
        using var http = new HttpClient(CreateHandler(scenario, int.MaxValue)) { Timeout = Timeout.InfiniteTimeSpan };
        using var publishHttp = new HttpClient(CreateHandler(scenario, PublishConnections)) { Timeout = Timeout.InfiniteTimeSpan };
        if (PublishToken.FromEnvironment() is { } token)
        {
            publishHttp.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (scenario.Target is { } given)
        {
            await EnsureReachableAsync(http, given, cancellationToken).ConfigureAwait(false);
        }

        var topicPrefix = options.Shard?.TopicPrefix ?? "ll-" + Guid.NewGuid().ToString("N")[..8];
        var runs = new List<TransportRunResult>();
        RunResult Result(string status) => new()
        {
            RunId = options.RunId,
            Scenario = scenario.Name,
            ResolvedScenario = options.ResolvedScenario,
            StartedAt = startedAt,
            Status = status,
            Environment = DescribeEnvironment(options.GitCommit),
            Runs = [.. runs],
            Shard = options.Shard?.Info,
            Clock = options.Shard?.Clock,
        };

        foreach (var transport in scenario.Transports)
        {
            try
            {
                await using var server = scenario.Target is null ? await startEmbeddedServer(cancellationToken).ConfigureAwait(false) : null;
                var target = scenario.Target ?? server!.Address;
                var slot = options.Shard is { } shard ? await shard.StartSlotAsync(runs.Count, scenario.Duration, TimeProvider.System, cancellationToken).ConfigureAwait(false) : null;
                var environment = new RunEnvironment(target, http, publishHttp, new ServerProbe(http, new Uri(target, "/metrics"), () => server?.ProcessId), topicPrefix, server) { Shard = slot };
                var run = await new TransportRun(scenario, transport, environment, options.Progress).RunAsync(cancellationToken).ConfigureAwait(false);
                runs.Add(run);
                if (run.Status == RunStatus.Aborted)
                {
                    break;
                }

                // Until the final write the file says aborted: a process killed between transports leaves a truthful file.
                await options.Checkpoint(Result(RunStatus.Aborted), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                await options.Checkpoint(Result(RunStatus.Aborted), CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }

        var final = Result(runs.Count == scenario.Transports.Count && runs.All(r => r.Status == RunStatus.Completed) ? RunStatus.Completed : RunStatus.Aborted);
        await options.Checkpoint(final, CancellationToken.None).ConfigureAwait(false);
        return final;
    }

    private static SocketsHttpHandler CreateHandler(Scenario scenario, int connectionsPerServer) => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        MaxConnectionsPerServer = connectionsPerServer,
        ConnectTimeout = scenario.ConnectTimeout,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        ConnectCallback = TcpConnectNotification.ConnectAsync,
    };

    /// <summary>Any HTTP answer will do (even 404): what matters is that something listens and speaks HTTP.</summary>
    private static async Task EnsureReachableAsync(HttpClient http, Uri target, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReachabilityTimeout);
        try
        {
            using var response = await http.GetAsync(target, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is HttpRequestException or OperationCanceledException or IOException)
        {
            var reason = ConnectFailure.Classify(ex, timeout.IsCancellationRequested);
            throw new TargetUnreachableException(
                reason == "timeout"
                    ? $"target {target} did not answer within {ReachabilityTimeout.TotalSeconds:F0} s"
                    : $"cannot reach target {target}: {reason}",
                ex);
        }
    }

    private static EnvironmentInfo DescribeEnvironment(string? gitCommit) => new(
        RuntimeInformation.OSDescription,
        Environment.ProcessorCount,
        RuntimeInformation.FrameworkDescription,
        Environment.MachineName,
        gitCommit);
}
