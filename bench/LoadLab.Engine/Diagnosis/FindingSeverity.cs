using System.Text.Json.Serialization;

namespace LoadLab.Engine.Diagnosis;

/// <summary>How much a finding matters: a <see cref="Warning"/> or an <see cref="Error"/> makes the endpoint unhealthy, <see cref="Info"/> never does.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FindingSeverity>))]
public enum FindingSeverity
{
    /// <summary>Worth knowing; nothing is broken.</summary>
    [JsonStringEnumMemberName("info")]
    Info,

    /// <summary>Push works, but badly or not everywhere (buffered, cut when idle, no resume).</summary>
    [JsonStringEnumMemberName("warning")]
    Warning,

    /// <summary>Push does not work: no connection, or no stream.</summary>
    [JsonStringEnumMemberName("error")]
    Error,
}
