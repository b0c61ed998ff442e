namespace LoadLab.Engine.Publishing;

/// <summary>
/// The bearer token a server may require to publish, taken from the environment and never from a scenario
/// file: scenarios are committed and shared, secrets are not. <c>loadlab serve</c> reads the same variable.
/// </summary>
public static class PublishToken
{
    public const string EnvironmentVariable = "LOADLAB_PUBLISH_TOKEN";

    /// <summary>The token, or null when the variable is unset or empty.</summary>
    public static string? FromEnvironment() => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } token ? token : null;
}
