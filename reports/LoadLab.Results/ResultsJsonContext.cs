using System.Text.Json.Serialization;

namespace LoadLab.Results;

/// <summary>Source-generated JSON for the results file: camelCase, indented, no reflection at run time.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(RunResult))]
internal sealed partial class ResultsJsonContext : JsonSerializerContext;
