using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoadLab.Engine.Diagnosis;

/// <summary>Source-generated JSON for <c>doctor --json</c>: camelCase field names that scripts can rely on.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(DoctorReport))]
public sealed partial class DoctorJsonContext : JsonSerializerContext
{
    // The JSON goes to a terminal or a script, never into HTML: quotes and apostrophes in titles and fixes stay readable.
    private static readonly DoctorJsonContext Readable = new(new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public static string Serialize(DoctorReport report) => JsonSerializer.Serialize(report, Readable.DoctorReport);
}
