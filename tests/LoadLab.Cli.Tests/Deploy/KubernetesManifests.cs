using YamlDotNet.RepresentationModel;

namespace LoadLab.Cli.Tests.Deploy;

/// <summary>Every YAML document under <c>deploy/k8s/</c>, parsed, with the few paths the tests read.</summary>
internal sealed class KubernetesManifests
{
    private KubernetesManifests(IReadOnlyList<(string File, YamlMappingNode Root)> documents) => Documents = documents;

    public IReadOnlyList<(string File, YamlMappingNode Root)> Documents { get; }

    public static KubernetesManifests Load()
    {
        var folder = Path.Combine(RepositoryRoot(), "deploy", "k8s");
        var documents = new List<(string, YamlMappingNode)>();
        foreach (var file in Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            using var reader = new StreamReader(file);
            stream.Load(reader);
            documents.AddRange(stream.Documents.Select(document => (Path.GetFileName(file), (YamlMappingNode)document.RootNode)));
        }

        return new KubernetesManifests(documents);
    }

    public IEnumerable<YamlMappingNode> OfKind(string kind) =>
        Documents.Where(document => Text(document.Root, "kind") == kind).Select(document => document.Root);

    public YamlMappingNode Named(string kind, string name) =>
        Assert.Single(OfKind(kind), document => Text(document, "metadata", "name") == name);

    public static YamlNode? Find(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var child))
            {
                return null;
            }

            node = child;
        }

        return node;
    }

    public static string? Text(YamlNode node, params string[] path) => (Find(node, path) as YamlScalarNode)?.Value;

    public static YamlMappingNode Map(YamlNode node, params string[] path) => Assert.IsType<YamlMappingNode>(Find(node, path));

    public static IReadOnlyList<YamlNode> List(YamlNode node, params string[] path) => [.. Assert.IsType<YamlSequenceNode>(Find(node, path)).Children];

    public static Dictionary<string, string> Strings(YamlMappingNode mapping) =>
        mapping.Children.ToDictionary(pair => ((YamlScalarNode)pair.Key).Value!, pair => ((YamlScalarNode)pair.Value).Value!);

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LoadLab.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("LoadLab.sln not found above " + AppContext.BaseDirectory);
    }
}
