using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace LoadLab.Server;

/// <summary>Reads and checks what every push endpoint takes from a request; problems become a 400 with a plain reason.</summary>
internal static class PushRequest
{
    public const string PlainText = "text/plain; charset=utf-8";

    public static bool TryReadTopic(HttpContext context, out string topic, [NotNullWhen(false)] out IResult? error)
    {
        string? name = context.Request.Query["topic"];
        if (!TopicName.TryValidate(name, out var problem))
        {
            topic = "";
            error = BadRequest(problem);
            return false;
        }

        topic = name!;
        error = null;
        return true;
    }

    /// <summary>Reads an optional message id (a resume point) named <paramref name="source"/> in the reason.</summary>
    public static bool TryReadId(string? value, string source, out long? id, [NotNullWhen(false)] out IResult? error)
    {
        error = TryParseId(value, out id) ? null : BadRequest($"{source} must be a non-negative integer message id, got '{Truncate(value!)}'");
        return error is null;
    }

    /// <summary>Reads an optional message id: none when empty, false when it is not a non-negative integer.</summary>
    public static bool TryParseId(string? value, out long? id)
    {
        id = null;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            id = parsed;
            return true;
        }

        return false;
    }

    public static IResult BadRequest(string reason) => Text(StatusCodes.Status400BadRequest, reason);

    public static IResult Text(int statusCode, string reason) =>
        TypedResults.Text(reason + "\n", PlainText, statusCode: statusCode);

    private static string Truncate(string value) => value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 40), "...");
}
