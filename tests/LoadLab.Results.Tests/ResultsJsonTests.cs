using System.Globalization;
using System.Text.Json.Nodes;

namespace LoadLab.Results.Tests;

public sealed class ResultsJsonTests
{
    [Fact]
    public void Results_round_trip_through_json()
    {
        var original = SampleResults.Create();
        var json = ResultsJson.Serialize(original);

        var read = ResultsJson.Deserialize(json, "results.json");

        Assert.Equal(json, ResultsJson.Serialize(read));
        Assert.Equal(3, read.Runs.Count);
        Assert.Equal(original.Runs[1].Timeseries, read.Runs[1].Timeseries);
        Assert.Contains("\"schemaVersion\": 1", json, StringComparison.Ordinal);
        Assert.Contains("\"latencyMs\": {", json, StringComparison.Ordinal);
        Assert.Contains("\"memoryPerConnectionBytes\": null", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_is_the_same_under_every_culture()
    {
        var original = CultureInfo.CurrentCulture;
        try
        {
            var outputs = new[] { "en-US", "de-DE", "ru-RU" }.Select(name =>
            {
                CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(name);
                return ResultsJson.Serialize(SampleResults.Create());
            }).Distinct().ToList();

            Assert.Single(outputs);
            Assert.Contains("\"p99\": 8.75", outputs[0], StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = original;
        }
    }

    [Theory]
    [InlineData("{\"schemaVersion\": 99}", "schemaVersion 99 is not supported")]
    [InlineData("{\"runId\": \"x\"}", "no numeric schemaVersion")]
    [InlineData("{\"schemaVersion\": 1, \"runId\": \"x\"", "malformed results")]
    [InlineData("[1, 2]", "malformed results")]
    [InlineData("{\"schemaVersion\": 1, \"runId\": 5}", "malformed results")]
    [InlineData("{\"schemaVersion\": 1}", "malformed results")]
    [InlineData("", "malformed results")]
    public void Unreadable_files_are_refused_with_the_file_named(string json, string problem)
    {
        var error = Assert.Throws<ResultsFormatException>(() => ResultsJson.Deserialize(json, "old/results.json"));
        Assert.StartsWith("old/results.json: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("runs[0].timeseries")]
    [InlineData("runs[0].thresholds")]
    [InlineData("runs[0].client.saturationReasons")]
    [InlineData("runs[0].faults")]
    [InlineData("mergedShards")]
    public void A_null_in_place_of_a_list_element_is_refused_naming_the_list(string list)
    {
        // The serializer lets null through as an element; a report that met it threw NullReferenceException (faults: in every chart).
        var root = JsonNode.Parse(ResultsJson.Serialize(SampleResults.Create()))!;
        var owner = root;
        var segments = list.Split('.');
        foreach (var segment in segments[..^1])
        {
            owner = segment.EndsWith("[0]", StringComparison.Ordinal) ? owner[segment[..^3]]![0]! : owner[segment]!;
        }

        owner[segments[^1]] = new JsonArray((JsonNode?)null);

        var error = Assert.Throws<ResultsFormatException>(() => ResultsJson.Deserialize(root.ToJsonString(), "damaged.json"));
        Assert.Equal($"damaged.json: malformed results: {list} holds null where a value belongs", error.Message);
    }

    [Fact]
    public void Truncated_file_is_refused()
    {
        var json = ResultsJson.Serialize(SampleResults.Create());
        Assert.Throws<ResultsFormatException>(() => ResultsJson.Deserialize(json[..(json.Length / 2)], "cut.json"));
    }
}
