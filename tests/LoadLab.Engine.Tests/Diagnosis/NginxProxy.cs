using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LoadLab.Engine.Tests.Diagnosis;

/// <summary>
/// A real nginx, started as a child process with its own generated configuration in a temporary folder, in front of
/// an upstream, with one location per misconfiguration the doctor must name:
/// <list type="bullet">
/// <item><c>/plain/</c>: <c>proxy_pass</c> only — no HTTP/1.1, no <c>Upgrade</c>/<c>Connection</c> (WebSocket upgrade stripped);</item>
/// <item><c>/buffered/</c>: response buffering on, the upstream's <c>X-Accel-Buffering: no</c> ignored, 1 KiB buffers;</item>
/// <item><c>/protected/</c>: <c>return 302 /login</c>;</item>
/// <item><c>/idle/</c>: WebSocket-ready, but <c>proxy_read_timeout 2s</c>;</item>
/// <item><c>/gzip/</c>: unbuffered, but the stream gzip-compressed;</item>
/// <item><c>/origin-checked/</c>: 403 unless <c>Origin</c> is <c>https://app.example.com</c>;</item>
/// <item><c>/good/</c>: WebSocket-ready and unbuffered, as it should be.</item>
/// </list>
/// The WebSocket-ready locations forward the client's <c>Host</c>, as a proxy in front of a server that checks
/// <c>Origin</c> against its own host must.
/// </summary>
internal sealed class NginxProxy : IAsyncDisposable
{
    private static readonly string[] Candidates = ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx"];

    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly string _folder;

    private NginxProxy(Process process, string folder, Uri address)
    {
        _process = process;
        _folder = folder;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<NginxProxy> StartAsync(Uri upstream)
    {
        var nginx = Find() ?? throw new InvalidOperationException(
            "nginx is not installed, and the doctor's proxy tests need a real one: .ci/run installs it (apt-get install nginx-light); install it the same way to run them here.");
        var folder = Directory.CreateTempSubdirectory("loadlab-nginx-").FullName;
        // nginx's workers may run as another user (nobody, when started as root): they must be able to enter the folder.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        }
        var port = FreePort();
        var config = Path.Combine(folder, "nginx.conf");
        await File.WriteAllTextAsync(config, Configuration(folder, port, upstream));

        var start = new ProcessStartInfo(nginx) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-p", folder, "-c", config, "-e", Path.Combine(folder, "error.log") })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var proxy = new NginxProxy(process, folder, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            await proxy.WaitUntilListeningAsync(port);
            return proxy;
        }
        catch
        {
            await proxy.DisposeAsync();
            throw;
        }
    }

    public Uri WebSocket(string pathAndQuery) => new($"ws://{Address.Authority}{pathAndQuery}");

    public Uri Http(string pathAndQuery) => new(Address, pathAndQuery);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static string? Find() =>
        Candidates.FirstOrDefault(File.Exists)
        ?? (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(dir => Path.Combine(dir, "nginx")).FirstOrDefault(File.Exists);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitUntilListeningAsync(int port)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartPatience)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync()} {ErrorLog()}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException($"nginx did not listen on 127.0.0.1:{port} within {StartPatience.TotalSeconds} s: {ErrorLog()}");
    }

    private string ErrorLog()
    {
        var log = Path.Combine(_folder, "error.log");
        return File.Exists(log) ? File.ReadAllText(log) : "";
    }

    private static string Configuration(string folder, int port, Uri upstream)
    {
        var to = $"http://{upstream.Authority}/";
        return string.Create(CultureInfo.InvariantCulture, $$"""
            daemon off;
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections 256; }
            http {
              access_log off;
              client_body_temp_path {{folder}}/client_body;
              proxy_temp_path {{folder}}/proxy;
              fastcgi_temp_path {{folder}}/fastcgi;
              uwsgi_temp_path {{folder}}/uwsgi;
              scgi_temp_path {{folder}}/scgi;
              server {
                listen 127.0.0.1:{{port}};

                # (a) The default proxy_pass: HTTP/1.0 to the upstream, hop-by-hop Upgrade/Connection dropped.
                location /plain/ { proxy_pass {{to}}; }

                # (b) Buffering on, and the upstream's X-Accel-Buffering: no ignored (the reference server sends it).
                # Buffers of 1 KiB so a few 128-byte events fill one: they come out in bursts, not one by one.
                location /buffered/ {
                  proxy_pass {{to}};
                  proxy_buffering on;
                  proxy_ignore_headers X-Accel-Buffering;
                  proxy_buffer_size 1k;
                  proxy_buffers 4 1k;
                  proxy_busy_buffers_size 2k;
                  proxy_max_temp_file_size 0;
                }

                # (c) A login redirect, as an application server or an auth proxy sends it.
                location /protected/ { return 302 /login; }

                # (d) WebSocket-ready, but a 2 s read timeout: an idle stream without a heartbeat is cut.
                location /idle/ {
                  proxy_pass {{to}};
                  proxy_http_version 1.1;
                  proxy_set_header Upgrade $http_upgrade;
                  proxy_set_header Connection "upgrade";
                  proxy_set_header Host $http_host;
                  proxy_read_timeout 2s;
                }

                # An Origin allow-list in the proxy: only the application's page may open a WebSocket.
                location /origin-checked/ {
                  if ($http_origin != "https://app.example.com") { return 403 "Origin not allowed\n"; }
                  proxy_pass {{to}};
                }

                # Unbuffered, but gzip on for text/event-stream: events wait in the compressor.
                location /gzip/ {
                  proxy_pass {{to}};
                  proxy_http_version 1.1;
                  proxy_buffering off;
                  gzip on;
                  gzip_types text/event-stream;
                  gzip_min_length 0;
                }

                # Configured as it should be for push.
                location /good/ {
                  proxy_pass {{to}};
                  proxy_http_version 1.1;
                  proxy_set_header Upgrade $http_upgrade;
                  proxy_set_header Connection "upgrade";
                  proxy_set_header Host $http_host;
                  proxy_buffering off;
                }
              }
            }
            """);
    }
}
