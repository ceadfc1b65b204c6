using AdventureServer.Inference.Graphs;
using AdventureServer.Inference.Model;
using AdventureServer.Inference.Sampling;
using AdventureServer.Inference.Serving;
using AdventureServer.Inference.Tests.Serving;
using AdventureServer.Inference.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Graphs;

/// <summary>The worker decoding through captured CUDA graphs against the same worker decoding eagerly.</summary>
[Category("Gpu")]
public class GraphDecodingGpuTests
{
    [SetUp]
    public void RequireCudaAndTheHelper()
    {
        RequireCudaGraphs.OrIgnore();
    }

    static Gpt2Model Model()
    {
        var model = TestModels.Create(config: TestModels.Small with { NPositions = 320 });
        model.to(CUDA);
        return model.PrepareForInference();
    }

    static InferenceWorker Worker(bool graphs) => new(Model(), Gpt2Tokenizer.Shared, new InferenceOptions
    {
        MaxConcurrentSequences = 8,
        PrefillChunkTokens = 64,
        MaxContext = 320,
        CudaGraphs = graphs,
        PadDecodeSteps = true, // the eager worker runs the same bucket shapes the graphs replay
    }, "test-gpt2");

    static GenerationRequest[] Requests(int seed)
    {
        var random = new Random(seed);
        // Up to eight at once in batch buckets 1, 2, 4, 8; prompts past 256 reach the second length bucket.
        return Enumerable.Range(0, 12).Select(i => new GenerationRequest
        {
            PromptTokens = TestModels.RandomPrompt(random, i % 4 == 0 ? random.Next(250, 280) : random.Next(1, 60)),
            MaxNewTokens = random.Next(5, 40),
            Sampling = i % 2 == 0 ? SamplingSettings.Greedy : new SamplingSettings { Temperature = 0.9f, TopK = 30, TopP = 0.9f, RepetitionPenalty = 1.2f, Seed = i },
            Key = $"a-{i}",
        }).ToArray();
    }

    static async Task<int[][]> Run(InferenceWorker worker, GenerationRequest[] requests)
    {
        var pending = requests.Select(r => TestModels.ReadAll(worker.Submit(r))).ToArray();
        var results = await Task.WhenAll(pending);
        return results.Select(r => r.Result.TokenIds.ToArray()).ToArray();
    }

    [Test, CancelAfter(300_000)]
    public async Task Replayed_graphs_choose_the_tokens_eager_steps_choose_in_every_bucket_used()
    {
        var requests = Requests(3);
        await using var eager = Worker(graphs: false);
        var expected = await Run(eager, requests);
        await using var graphed = Worker(graphs: true);

        var actual = await Run(graphed, requests);

        Assert.That(actual, Is.EqualTo(expected));
        Assert.That(graphed.CapturedGraphs, Is.GreaterThanOrEqualTo(4), "batch buckets 1 to 8 and two length buckets were used");
        Assert.That(eager.CapturedGraphs, Is.Zero);
    }

    [Test, CancelAfter(300_000)]
    public async Task Seeded_sampling_through_graphs_gives_the_same_text_twice()
    {
        var requests = Requests(8);
        await using var worker = Worker(graphs: true);

        var first = await Run(worker, requests);
        var second = await Run(worker, requests.Select(r => r with { Key = r.Key + "-again" }).ToArray());

        Assert.That(second, Is.EqualTo(first));
        Assert.That(worker.CapturedGraphs, Is.GreaterThan(0));
    }
}
