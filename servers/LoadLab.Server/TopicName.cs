using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace LoadLab.Server;

/// <summary>The rules for a topic name taken from a request: 1 to 128 of <c>A-Z a-z 0-9 . _ - : /</c>.</summary>
internal static class TopicName
{
    public const int MaxLength = 128;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-:/");

    public static bool TryValidate(string? name, [NotNullWhen(false)] out string? problem)
    {
        if (string.IsNullOrEmpty(name))
        {
            problem = "missing query parameter 'topic' (for example ?topic=news)";
            return false;
        }

        if (name.Length > MaxLength)
        {
            problem = $"topic name is {name.Length} characters long; at most {MaxLength} are allowed";
            return false;
        }

        var bad = name.AsSpan().IndexOfAnyExcept(Allowed);
        if (bad >= 0)
        {
            problem = $"topic name has a character that is not allowed at position {bad}; use A-Z a-z 0-9 . _ - : /";
            return false;
        }

        problem = null;
        return true;
    }
}
