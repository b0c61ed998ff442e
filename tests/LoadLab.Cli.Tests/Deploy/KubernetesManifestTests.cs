using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;
using static LoadLab.Cli.Tests.Deploy.KubernetesManifests;

namespace LoadLab.Cli.Tests.Deploy;

/// <summary>
/// The manifests cannot run here (no cluster, no container engine); what the agents rely on is checked instead:
/// an Indexed Job of n agent pods each running its shard, results on a shared claim where <c>--out</c> points, a
/// merge over the same claim, Services that select their Deployments on the ports they expose.
/// </summary>
public sealed partial class KubernetesManifestTests
{
    private readonly KubernetesManifests _manifests = KubernetesManifests.Load();

    [Fact]
    public void Every_document_has_an_api_version_a_kind_and_a_name()
    {
        Assert.NotEmpty(_manifests.Documents);
        Assert.All(_manifests.Documents, document =>
        {
            Assert.False(string.IsNullOrEmpty(Text(document.Root, "apiVersion")), document.File);
            Assert.False(string.IsNullOrEmpty(Text(document.Root, "kind")), document.File);
            Assert.False(string.IsNullOrEmpty(Text(document.Root, "metadata", "name")), document.File);
        });
    }

    [Fact]
    public void The_agents_are_an_Indexed_Job_of_n_pods_each_running_shard_index_plus_1_of_n()
    {
        var job = _manifests.Named("Job", "loadlab-agents");
        var completions = int.Parse(Text(job, "spec", "completions")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("Indexed", Text(job, "spec", "completionMode"));
        Assert.Equal(Text(job, "spec", "completions"), Text(job, "spec", "parallelism"));
        Assert.True(completions > 1);

        var container = Assert.Single(List(job, "spec", "template", "spec", "containers"));
        var command = Command(container);
        Assert.Contains("agent --shard $((JOB_COMPLETION_INDEX + 1))/$SHARDS", command, StringComparison.Ordinal);
        var env = Env(container);
        Assert.Equal(completions.ToString(System.Globalization.CultureInfo.InvariantCulture), env["SHARDS"]);
        Assert.True(DateTimeOffset.TryParse(env["START_AT"], System.Globalization.CultureInfo.InvariantCulture, out _), env["START_AT"]);
        Assert.Contains("--start-at \"$START_AT\"", command, StringComparison.Ordinal);
        Assert.Equal("Never", Text(job, "spec", "template", "spec", "restartPolicy"));
    }

    [Fact]
    public void The_agents_target_the_server_Service_on_its_port()
    {
        var command = Command(Assert.Single(List(_manifests.Named("Job", "loadlab-agents"), "spec", "template", "spec", "containers")));
        var target = new Uri(Assert.Single(TargetOption().Matches(command)).Groups["url"].Value);
        var service = _manifests.Named("Service", target.Host);
        Assert.Contains(List(service, "spec", "ports"), port => Text(port, "port") == target.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("loadlab-agents", "--out \"/results/$RUN_NAME\"")]
    [InlineData("loadlab-merge", "--out /results/$RUN_NAME/merged")]
    public void Results_go_to_the_shared_claim_mounted_where_out_points(string jobName, string outOption)
    {
        var job = _manifests.Named("Job", jobName);
        var pod = Map(job, "spec", "template", "spec");
        var container = Assert.Single(List(pod, "containers"));
        Assert.Contains(outOption, Command(container), StringComparison.Ordinal);

        var mount = Assert.Single(List(container, "volumeMounts"), m => Text(m, "mountPath") == "/results");
        var volume = Assert.Single(List(pod, "volumes"), v => Text(v, "name") == Text(mount, "name"));
        var claim = Text(volume, "persistentVolumeClaim", "claimName")!;
        var pvc = _manifests.Named("PersistentVolumeClaim", claim);
        Assert.Contains(List(pvc, "spec", "accessModes"), mode => ((YamlScalarNode)mode).Value == "ReadWriteMany");
    }

    [Fact]
    public void The_merge_Job_merges_every_shard_of_the_run_the_agents_wrote()
    {
        var agents = Env(Assert.Single(List(_manifests.Named("Job", "loadlab-agents"), "spec", "template", "spec", "containers")));
        var merge = Assert.Single(List(_manifests.Named("Job", "loadlab-merge"), "spec", "template", "spec", "containers"));
        Assert.Contains("merge /results/$RUN_NAME/shard-*.json", Command(merge), StringComparison.Ordinal);
        Assert.Equal(agents["RUN_NAME"], Env(merge)["RUN_NAME"]);
    }

    [Theory]
    [InlineData("loadlab-server")]
    [InlineData("redis")]
    public void Each_Service_selects_its_Deployment_and_targets_a_port_it_exposes(string name)
    {
        var service = _manifests.Named("Service", name);
        var deployment = _manifests.Named("Deployment", name);
        var selector = Strings(Map(service, "spec", "selector"));
        var labels = Strings(Map(deployment, "spec", "template", "metadata", "labels"));
        Assert.All(selector, pair => Assert.Equal(pair.Value, labels.GetValueOrDefault(pair.Key)));
        Assert.All(Strings(Map(deployment, "spec", "selector", "matchLabels")), pair => Assert.Equal(pair.Value, labels.GetValueOrDefault(pair.Key)));

        var ports = List(deployment, "spec", "template", "spec", "containers").SelectMany(c => List(c, "ports")).ToList();
        Assert.All(List(service, "spec", "ports"), port =>
        {
            var target = Text(port, "targetPort");
            Assert.Contains(ports, p => Text(p, "name") == target || Text(p, "containerPort") == target);
        });
    }

    [Fact]
    public void The_servers_share_the_Redis_backplane_by_its_Service()
    {
        var server = Assert.Single(List(_manifests.Named("Deployment", "loadlab-server"), "spec", "template", "spec", "containers"));
        var args = string.Join(" ", List(server, "args").Select(arg => ((YamlScalarNode)arg).Value));
        Assert.StartsWith("serve --urls http://0.0.0.0:", args, StringComparison.Ordinal);
        var redis = Regex.Match(args, "--backplane redis --redis (?<host>[a-z0-9-]+):(?<port>[0-9]+)");
        Assert.True(redis.Success, args);
        var service = _manifests.Named("Service", redis.Groups["host"].Value);
        Assert.Contains(List(service, "spec", "ports"), port => Text(port, "port") == redis.Groups["port"].Value);
    }

    private static string Command(YamlNode container) =>
        string.Join(" ", List(container, "command").Concat(List(container, "args")).Select(part => ((YamlScalarNode)part).Value));

    private static Dictionary<string, string> Env(YamlNode container) =>
        List(container, "env").Where(e => Find(e, "value") is not null).ToDictionary(e => Text(e, "name")!, e => Text(e, "value")!);

    [GeneratedRegex("--target (?<url>http://\\S+)")]
    private static partial Regex TargetOption();
}
