using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;

namespace LoadLab.Engine.Tests.ForeignServer;

/// <summary>
/// A broadcast server that shares nothing with LoadLab's servers: plain <see cref="HttpListener"/>, its
/// own paths (<c>/events</c>, <c>/socket</c>, <c>/send</c>, <c>?channel=</c>), SSE without ids, no
/// <c>/metrics</c>. It proves the engine drives any server through a scenario's own URLs.
/// </summary>
internal sealed class TinyBroadcastServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<Guid, (string Channel, Func<byte[], Task> Send)> _clients = new();
    private readonly Task _accepting;

    private TinyBroadcastServer(int port)
    {
        Address = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Address.ToString());
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri Address { get; }

    public static TinyBroadcastServer Start()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new TinyBroadcastServer(port);
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task AcceptAsync()
    {
        while (_listener.IsListening)
        {
            var context = await _listener.GetContextAsync();
            _ = HandleAsync(context);
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var channel = context.Request.QueryString["channel"] ?? "";
        try
        {
            switch (context.Request.Url!.AbsolutePath)
            {
                case "/send":
                    using (var body = new MemoryStream())
                    {
                        await context.Request.InputStream.CopyToAsync(body);
                        var payload = body.ToArray();
                        await Task.WhenAll(_clients.Values.Where(c => c.Channel == channel).Select(c => c.Send(payload)));
                    }

                    context.Response.StatusCode = 204;
                    context.Response.Close();
                    break;
                case "/events":
                    await StreamEventsAsync(context, channel);
                    break;
                case "/socket" when context.Request.IsWebSocketRequest:
                    await StreamFramesAsync(context, channel);
                    break;
                case "/private":
                    // What a login-protected path behind a proxy answers.
                    context.Response.StatusCode = 302;
                    context.Response.RedirectLocation = "/login";
                    context.Response.Close();
                    break;
                default:
                    context.Response.StatusCode = 404;
                    context.Response.Close();
                    break;
            }
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or WebSocketException or ObjectDisposedException)
        {
            // A client left.
        }
    }

    private async Task StreamEventsAsync(HttpListenerContext context, string channel)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.SendChunked = true;
        var output = context.Response.OutputStream;
        var gate = new SemaphoreSlim(1, 1);
        var gone = new TaskCompletionSource();
        var id = Guid.NewGuid();
        _clients[id] = (channel, async payload =>
        {
            await gate.WaitAsync();
            try
            {
                await output.WriteAsync(Encoding.UTF8.GetBytes($"data: {Encoding.UTF8.GetString(payload)}\n\n"));
                await output.FlushAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
            {
                gone.TrySetResult();
            }
            finally
            {
                gate.Release();
            }
        });
        await output.WriteAsync(": hello\n\n"u8.ToArray());
        await output.FlushAsync();
        await gone.Task;
        _clients.TryRemove(id, out _);
    }

    private async Task StreamFramesAsync(HttpListenerContext context, string channel)
    {
        var socket = (await context.AcceptWebSocketAsync(null)).WebSocket;
        var gate = new SemaphoreSlim(1, 1);
        var id = Guid.NewGuid();
        _clients[id] = (channel, async payload =>
        {
            await gate.WaitAsync();
            try
            {
                await socket.SendAsync(payload, WebSocketMessageType.Text, true, CancellationToken.None);
            }
            catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException)
            {
                // Gone; the receive loop below notices.
            }
            finally
            {
                gate.Release();
            }
        });

        var buffer = new byte[1024];
        while (socket.State == WebSocketState.Open && (await socket.ReceiveAsync(buffer, CancellationToken.None)).MessageType != WebSocketMessageType.Close)
        {
        }

        _clients.TryRemove(id, out _);
        socket.Abort();
    }
}
