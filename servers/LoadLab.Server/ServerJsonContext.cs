using System.Text.Json;
using System.Text.Json.Serialization;
using LoadLab.Server.Endpoints;

namespace LoadLab.Server;

/// <summary>Source-generated JSON for the server's responses: no reflection at run time.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PublishResponse))]
[JsonSerializable(typeof(DropResponse))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;
