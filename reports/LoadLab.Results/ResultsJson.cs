using System.Text.Json;
using System.Text.Json.Nodes;

namespace LoadLab.Results;

/// <summary>
/// Reads and writes <c>results.json</c> (documented in <c>docs/results-schema.md</c>). A reader checks
/// <c>schemaVersion</c> first, so a file from a newer LoadLab is refused with a clear message instead of
/// being half understood.
/// </summary>
public static class ResultsJson
{
    public static string Serialize(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return JsonSerializer.Serialize(result, ResultsJsonContext.Default.RunResult);
    }

    /// <summary>Parses a results file; <paramref name="sourceName"/> (its path) is named in every error.</summary>
    public static RunResult Deserialize(string json, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            var version = JsonNode.Parse(json)?["schemaVersion"];
            if (version is null || version.GetValueKind() != JsonValueKind.Number)
            {
                throw new ResultsFormatException($"{sourceName}: not a LoadLab results file (no numeric schemaVersion)");
            }

            if (version.GetValue<double>() != RunResult.CurrentSchemaVersion)
            {
                throw new ResultsFormatException($"{sourceName}: schemaVersion {version.ToJsonString()} is not supported; this LoadLab reads version {RunResult.CurrentSchemaVersion}");
            }

            var result = JsonSerializer.Deserialize(json, ResultsJsonContext.Default.RunResult)
                ?? throw new ResultsFormatException($"{sourceName}: the file holds null");
            return NoNullElements(result, sourceName);
        }
        catch (JsonException ex)
        {
            var place = ex.LineNumber is { } line ? $" at line {line + 1}" + (ex.Path is { Length: > 0 } path ? $", {path}" : "") : "";
            throw new ResultsFormatException($"{sourceName}: malformed results{place}: {FirstSentence(ex.Message)}", ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException)
        {
            throw new ResultsFormatException($"{sourceName}: malformed results: {FirstSentence(ex.Message)}", ex);
        }
    }

    /// <summary>
    /// The serializer refuses null for a property but not for an element of a list or a value of a map (nullable
    /// annotations do not reach generic arguments), so those are checked here, before any reader trips on one.
    /// </summary>
    private static RunResult NoNullElements(RunResult result, string sourceName)
    {
        string? place = result.ResolvedScenario.Values.Any(value => value is null) ? "resolvedScenario"
            : result.MergedShards is { } shards && shards.Any(shard => shard is null) ? "mergedShards"
            : null;
        for (var i = 0; place is null && i < result.Runs.Count; i++)
        {
            var run = result.Runs[i];
            place = run is null ? $"runs[{i}]"
                : run.Timeseries.Any(point => point is null) ? $"runs[{i}].timeseries"
                : run.Thresholds.Any(threshold => threshold is null) ? $"runs[{i}].thresholds"
                : run.Client.SaturationReasons.Any(reason => reason is null) ? $"runs[{i}].client.saturationReasons"
                : run.Faults is { } faults && faults.Any(fault => fault is null) ? $"runs[{i}].faults"
                : run.Ledger is { } ledger && (ledger.NotPublished.Any(range => range is null) || ledger.Missed.Any(range => range is null)) ? $"runs[{i}].ledger"
                : null;
        }

        return place is null ? result : throw new ResultsFormatException($"{sourceName}: malformed results: {place} holds null where a value belongs");
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..(end + 1)] : message;
    }
}
