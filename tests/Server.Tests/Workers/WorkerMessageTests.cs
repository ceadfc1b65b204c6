using System.Text.Json;
using AdventureServer.Inference.Sampling;
using AdventureServer.Inference.Serving;
using AdventureServer.Server.Cluster;
using AdventureServer.Server.Workers;
using Microsoft.Extensions.Configuration;

namespace AdventureServer.Server.Tests.Workers;

// A turn crosses from a front-end to a worker and back as JSON; the role comes from the command line.
public class WorkerMessageTests
{
    static T RoundTrip<T>(T value) => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value))!;

    [Test]
    public void A_request_arrives_at_the_worker_as_the_front_end_built_it()
    {
        var request = new GenerationRequest
        {
            PromptText = "You stand at the gate.",
            Sampling = new SamplingSettings { Temperature = 0.7f, TopK = 40, Seed = 9, BannedTokenIds = [1212, 4040] },
            StopSequences = ["\n>"],
            MaxNewTokens = 48,
            Key = Guid.NewGuid().ToString(),
            BannedFirstTokens = new HashSet<int> { 198, 29 },
        };

        var back = RoundTrip(WorkerRequest.From(request)).ToGeneration();

        Assert.That(back.PromptText, Is.EqualTo(request.PromptText));
        Assert.That(back.Sampling with { BannedTokenIds = [] }, Is.EqualTo(request.Sampling with { BannedTokenIds = [] }));
        Assert.That(back.Sampling.BannedTokenIds, Is.EqualTo(request.Sampling.BannedTokenIds));
        Assert.That(back.StopSequences, Is.EqualTo(request.StopSequences));
        Assert.That(back.MaxNewTokens, Is.EqualTo(48));
        Assert.That(back.Key, Is.EqualTo(request.Key));
        Assert.That(back.BannedFirstTokens, Is.EquivalentTo(request.BannedFirstTokens));
    }

    [Test]
    public void A_result_comes_back_with_its_finish_reason_tokens_and_times()
    {
        var result = new GenerationResult(FinishReason.Stop, 12, 3, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(90))
        {
            TokenIds = [464, 3290, 13],
            Seed = 77,
            ModelName = "adventure-default",
        };

        var back = RoundTrip(new WorkerEvent(null, result)).Result!;

        Assert.That(back with { TokenIds = result.TokenIds, LogProbs = result.LogProbs }, Is.EqualTo(result));
        Assert.That(back.TokenIds, Is.EqualTo(result.TokenIds));
    }

    [Test]
    public void A_failover_carries_the_turns_model_and_the_worker_names_the_model_it_writes_with()
    {
        var request = WorkerRequest.From(new GenerationRequest { PromptText = "The gate", MaxNewTokens = 8, Key = "k" }) with { Model = "random:gpt2" };

        Assert.Multiple(() =>
        {
            Assert.That(RoundTrip(request).Model, Is.EqualTo("random:gpt2"));
            Assert.That(RoundTrip(new WorkerEvent(null, null, "adventure-default")).Model, Is.EqualTo("adventure-default"));
            Assert.That(RoundTrip(WorkerRequest.From(new GenerationRequest { PromptText = "x", Key = "k" })).Model, Is.Null, "a turn's first worker may serve any model");
        });
    }

    [TestCase("worker", NodeRole.Worker)]
    [TestCase("Frontend", NodeRole.Frontend)]
    [TestCase(null, NodeRole.All)]
    public void The_role_flag_sets_the_nodes_role(string? role, NodeRole expected)
    {
        var settings = new Dictionary<string, string?>();
        if (role is not null)
            settings["role"] = role;

        Assert.That(new ConfigurationBuilder().AddInMemoryCollection(settings).Build().Options().Role, Is.EqualTo(expected));
    }

    [Test]
    public void An_unknown_role_is_refused_with_the_roles_there_are()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["role"] = "gpu" }).Build();

        Assert.That(() => configuration.Options(), Throws.InvalidOperationException.With.Message.Contains("all, frontend, worker"));
    }
}
