namespace LoadLab.PushCore;

/// <summary>
/// The backplane (Redis) cannot be reached, so the operation was not done: nothing was published, or a
/// resume that needs the shared history could not be served. Hosts answer 503 with <see cref="Exception.Message"/>.
/// </summary>
public sealed class BackplaneUnavailableException : Exception
{
    public BackplaneUnavailableException()
    {
    }

    public BackplaneUnavailableException(string message)
        : base(message)
    {
    }

    public BackplaneUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
