namespace LoadLab.Tests.Redis;

/// <summary>One real Redis for a test class; each test keeps to its own key prefix.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private RedisProcess? _redis;

    internal RedisProcess Redis => _redis ?? throw new InvalidOperationException("Redis was not started.");

    public async Task InitializeAsync() => _redis = await RedisProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}
