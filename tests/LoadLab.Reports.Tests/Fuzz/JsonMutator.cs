using System.Text.Json.Nodes;

namespace LoadLab.Reports.Tests.Fuzz;

/// <summary>
/// Mutates a JSON document the ways a damaged or hand-edited results file is damaged: a value of the wrong type,
/// null, huge or negative numbers, a property or array element removed, strings made long or odd, or the text cut.
/// Seeded, so a failure names the case that reproduces it.
/// </summary>
internal sealed class JsonMutator(int seed)
{
    private static readonly JsonNode?[] Replacements =
    [
        null, 0, -1, 1e308, -1e308, long.MaxValue, 0.5, "", "x", "NaN", true, new JsonArray(), new JsonObject(),
        new string('A', 100_000), "\u0000\uFFFF<script>", "1e999",
    ];

    private static readonly JsonNode[] Numbers = [0, -1, 1e308, -1e308, 0.5, 1e-300, int.MaxValue, long.MinValue];
    private static readonly JsonNode[] Strings = ["", "ws", "sse", new string('é', 50_000), "<script>alert(1)</script>", "\u0000"];

    private readonly Random _random = new(seed);

    public string Mutate(string json)
    {
        if (_random.Next(8) == 0)
        {
            // Cut anywhere: a file written half-way.
            return json[.._random.Next(json.Length)];
        }

        var root = JsonNode.Parse(json)!;
        var mutations = 1 + _random.Next(4);
        for (var i = 0; i < mutations; i++)
        {
            MutateOne(root);
        }

        return root.ToJsonString();
    }

    private void MutateOne(JsonNode root)
    {
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        var target = nodes[_random.Next(nodes.Count)];
        var parent = target.Parent;
        if (parent is null)
        {
            return;
        }

        // Half the time the damage keeps the value's kind, so the file still parses and its readers get to see it.
        if (_random.Next(2) == 0 && SameKind(target) is { } similar)
        {
            Replace(parent, target, similar);
            return;
        }

        switch (_random.Next(3))
        {
            case 0 when parent is JsonObject owner:
                owner.Remove(target.GetPropertyName());
                break;
            case 0 when parent is JsonArray array:
                array.RemoveAt(target.GetElementIndex());
                break;
            default:
                Replace(parent, target, Replacements[_random.Next(Replacements.Length)]?.DeepClone());
                break;
        }
    }

    private JsonNode? SameKind(JsonNode target) => target switch
    {
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.Number => Numbers[_random.Next(Numbers.Length)].DeepClone(),
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String => Strings[_random.Next(Strings.Length)].DeepClone(),
        JsonArray => new JsonArray(),
        _ => null,
    };

    private static void Replace(JsonNode parent, JsonNode target, JsonNode? replacement)
    {
        if (parent is JsonObject obj)
        {
            obj[target.GetPropertyName()] = replacement;
        }
        else if (parent is JsonArray list)
        {
            list[target.GetElementIndex()] = replacement;
        }
    }

    private static void Collect(JsonNode node, List<JsonNode> nodes)
    {
        nodes.Add(node);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    if (child is not null)
                    {
                        Collect(child, nodes);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    if (child is not null)
                    {
                        Collect(child, nodes);
                    }
                }

                break;
        }
    }
}
