using System.Text.Json;

namespace AdventureServer.Server.Tests.Deploy;

/// <summary>
/// The manifests in deploy/kubernetes, decoded by kubectl (<see cref="Kubectl"/>), and checked against each other:
/// what each selector, port, backend, config map and autoscaler names must exist, as a cluster would need.
/// </summary>
[Category("Deploy")]
public sealed class KubernetesManifestTests
{
    const string Namespace = "adventureserver";

    IReadOnlyList<JsonElement> _objects = [];

    [OneTimeSetUp]
    public async Task Decode()
    {
        if (!File.Exists(Kubectl.Path))
            Assert.Ignore($"{Kubectl.Path} is absent (Debian's kubernetes-client package installs it).");
        _objects = await Kubectl.DecodeAsync(ManifestFolder());
    }

    static string ManifestFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AdventureServer.sln")))
                return Path.Combine(dir.FullName, "deploy", "kubernetes");
        throw new DirectoryNotFoundException($"No AdventureServer.sln above {AppContext.BaseDirectory}.");
    }

    IEnumerable<JsonElement> OfKind(string kind) => _objects.Where(o => o.GetProperty("kind").GetString() == kind);

    static string Name(JsonElement o) => o.GetProperty("metadata").GetProperty("name").GetString()!;

    JsonElement Deployment(string name) => OfKind("Deployment").Single(d => Name(d) == name);

    static Dictionary<string, string> Map(JsonElement o) =>
        o.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);

    static IEnumerable<JsonElement> Containers(JsonElement deployment) =>
        deployment.GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("containers").EnumerateArray();

    [Test]
    public void Every_manifest_decodes_into_the_expected_objects()
    {
        var names = _objects.Select(o => $"{o.GetProperty("kind").GetString()}/{Name(o)}").Order().ToList();
        Assert.That(names, Is.EqualTo(new[]
        {
            "ConfigMap/adventureserver-cluster",
            "Deployment/adventureserver-frontend",
            "Deployment/adventureserver-worker",
            "HorizontalPodAutoscaler/adventureserver-frontend",
            "HorizontalPodAutoscaler/adventureserver-worker",
            "Ingress/adventureserver",
            "Namespace/adventureserver",
            "PodDisruptionBudget/adventureserver-worker",
            "Service/adventureserver-frontend",
            "Service/adventureserver-worker",
        }));
        Assert.That(_objects.Where(o => o.GetProperty("kind").GetString() != "Namespace")
            .Select(o => o.GetProperty("metadata").GetProperty("namespace").GetString()), Has.All.EqualTo(Namespace));
    }

    [TestCase("adventureserver-frontend", "frontend")]
    [TestCase("adventureserver-worker", "worker")]
    public void Each_deployment_serves_in_its_role_with_the_cluster_settings(string name, string role)
    {
        var deployment = Deployment(name);
        var spec = deployment.GetProperty("spec");
        var selector = Map(spec.GetProperty("selector").GetProperty("matchLabels"));
        var labels = Map(spec.GetProperty("template").GetProperty("metadata").GetProperty("labels"));
        Assert.That(labels, Is.SupersetOf(selector), "the selector picks the template's pods");

        var container = Containers(deployment).Single();
        var args = container.GetProperty("args").EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.That(args[0], Is.EqualTo("serve"));
        Assert.That(args[args.IndexOf("--role") + 1], Is.EqualTo(role));
        var configMaps = container.GetProperty("envFrom").EnumerateArray().Select(e => e.GetProperty("configMapRef").GetProperty("name").GetString());
        Assert.That(configMaps, Is.SubsetOf(OfKind("ConfigMap").Select(Name)));
    }

    [Test]
    public void The_config_map_holds_the_cluster_settings()
    {
        var data = Map(OfKind("ConfigMap").Single().GetProperty("data"));
        Assert.That(data["Persistence__Provider"], Is.EqualTo("Postgres"));
        Assert.That(data, Does.ContainKey("Cluster__Redis"));
        Assert.That(data.Keys, Has.None.Contains("ConnectionString"), "the database password goes in a Secret");
    }

    [Test]
    public void Every_service_selects_one_deployments_pods_and_targets_a_port_they_open()
    {
        foreach (var service in OfKind("Service"))
        {
            var selector = Map(service.GetProperty("spec").GetProperty("selector"));
            var matching = OfKind("Deployment").Where(d => Map(d.GetProperty("spec").GetProperty("template").GetProperty("metadata").GetProperty("labels"))
                .Intersect(selector).Count() == selector.Count).ToList();
            Assert.That(matching, Has.Count.EqualTo(1), Name(service));
            var opened = Containers(matching[0]).SelectMany(c => c.GetProperty("ports").EnumerateArray())
                .Select(p => p.GetProperty("name").GetString()).ToList();
            foreach (var port in service.GetProperty("spec").GetProperty("ports").EnumerateArray())
                Assert.That(opened, Does.Contain(port.GetProperty("targetPort").GetString()), Name(service));
        }
    }

    [Test]
    public void The_ingress_sends_players_to_the_front_ends_with_websocket_friendly_settings()
    {
        var ingress = OfKind("Ingress").Single();
        var annotations = Map(ingress.GetProperty("metadata").GetProperty("annotations"));
        Assert.That(int.Parse(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(3600));
        Assert.That(int.Parse(annotations["nginx.ingress.kubernetes.io/proxy-send-timeout"], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(3600));
        Assert.That(annotations["nginx.ingress.kubernetes.io/proxy-buffering"], Is.EqualTo("off"));
        Assert.That(annotations["nginx.ingress.kubernetes.io/affinity"], Is.EqualTo("cookie"), "negotiate and WebSocket reach the same node");
        Assert.That(ingress.GetProperty("spec").GetProperty("ingressClassName").GetString(), Is.EqualTo("nginx"));

        var backends = ingress.GetProperty("spec").GetProperty("rules").EnumerateArray()
            .SelectMany(r => r.GetProperty("http").GetProperty("paths").EnumerateArray())
            .Select(p => p.GetProperty("backend").GetProperty("service")).ToList();
        Assert.That(backends, Is.Not.Empty);
        foreach (var backend in backends)
        {
            var service = OfKind("Service").Single(s => Name(s) == backend.GetProperty("name").GetString());
            var ports = service.GetProperty("spec").GetProperty("ports").EnumerateArray().Select(p => p.GetProperty("name").GetString());
            Assert.That(ports, Does.Contain(backend.GetProperty("port").GetProperty("name").GetString()));
            Assert.That(Name(service), Is.EqualTo("adventureserver-frontend"));
        }
    }

    [Test]
    public void The_workers_scale_on_the_desired_worker_count_and_the_front_ends_on_cpu()
    {
        var autoscalers = OfKind("HorizontalPodAutoscaler").ToDictionary(h => h.GetProperty("spec").GetProperty("scaleTargetRef").GetProperty("name").GetString()!);
        Assert.That(autoscalers.Keys, Is.EquivalentTo(OfKind("Deployment").Select(Name)), "one autoscaler for each deployment");

        var worker = autoscalers["adventureserver-worker"].GetProperty("spec");
        var metric = worker.GetProperty("metrics").EnumerateArray().Single();
        Assert.That(metric.GetProperty("type").GetString(), Is.EqualTo("External"));
        Assert.That(metric.GetProperty("external").GetProperty("metric").GetProperty("name").GetString(), Is.EqualTo("adventure_workers_desired"));
        var target = metric.GetProperty("external").GetProperty("target");
        Assert.That((target.GetProperty("type").GetString(), target.GetProperty("averageValue").GetString()), Is.EqualTo(("AverageValue", "1")),
            "replicas = ceil(desired / 1): the metric is the count itself");
        Assert.That(worker.GetProperty("minReplicas").GetInt32(), Is.LessThanOrEqualTo(worker.GetProperty("maxReplicas").GetInt32()));

        var frontend = autoscalers["adventureserver-frontend"].GetProperty("spec").GetProperty("metrics").EnumerateArray().Single();
        Assert.That(frontend.GetProperty("resource").GetProperty("name").GetString(), Is.EqualTo("cpu"));
    }

    [Test]
    public void Workers_ask_for_a_gpu_and_leave_one_at_a_time()
    {
        var worker = Deployment("adventureserver-worker");
        var limits = Containers(worker).Single().GetProperty("resources").GetProperty("limits");
        Assert.That(limits.GetProperty("nvidia.com/gpu").ToString(), Is.EqualTo("1"));
        var rolling = worker.GetProperty("spec").GetProperty("strategy").GetProperty("rollingUpdate");
        Assert.That(rolling.GetProperty("maxUnavailable").ToString(), Is.EqualTo("0"));
        var budget = OfKind("PodDisruptionBudget").Single().GetProperty("spec");
        Assert.That(budget.GetProperty("maxUnavailable").ToString(), Is.EqualTo("1"));
        Assert.That(Map(budget.GetProperty("selector").GetProperty("matchLabels")),
            Is.EqualTo(Map(worker.GetProperty("spec").GetProperty("selector").GetProperty("matchLabels"))));
    }
}
