namespace LoadLab.Engine.Clients;

/// <summary>The server answered a connection attempt, but not with a stream: the reason says how (<c>http 404</c>).</summary>
internal sealed class ConnectRefusedException(string reason) : Exception(reason)
{
    public string Reason { get; } = reason;
}
