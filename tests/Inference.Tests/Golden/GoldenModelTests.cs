using System.Collections.Concurrent;
using AdventureServer.Inference.Checkpoints;
using AdventureServer.Inference.Generation;
using AdventureServer.Inference.Model;
using AdventureServer.Inference.Sampling;
using AdventureServer.Inference.Serving;
using AdventureServer.Inference.Text;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Golden;

/// <summary>The engine against Hugging Face transformers on the golden checkpoints, in float32 on the CPU.</summary>
[Category("Golden")]
public class GoldenModelTests
{
    const double Tolerance = 1e-4;
    const double ClearMargin = 1e-3;

    static readonly ConcurrentDictionary<string, Gpt2Model> Models = new();

    static Gpt2Model ModelOf(string folder) =>
        Models.GetOrAdd(folder, f => CheckpointLoader.Load(f, CPU, ScalarType.Float32).PrepareForInference());

    [OneTimeTearDown]
    public void DisposeModels()
    {
        foreach (var model in Models.Values)
            model.Dispose();
        Models.Clear();
    }

    [Test]
    public void The_golden_models_are_present()
    {
        var folders = GoldenModels.Folders();
        Assert.That(folders, Is.Not.Empty,
            $"No golden model folders in {GoldenModels.DefaultRoot}; the golden tests would check nothing. Set GOLDEN_MODELS to override.");
        foreach (var folder in folders)
            Assert.That(Path.Combine(folder, "expected.json"), Does.Exist);
    }

    [TestCaseSource(typeof(GoldenModels), nameof(GoldenModels.Cases))]
    public void Last_position_logits_match_transformers(string folder, int index)
    {
        var recorded = GoldenModels.Load(folder).Cases[index];
        using var expectedFile = SafeTensorsFile.Open(Path.Combine(folder, "expected.safetensors"));
        using var expected = expectedFile.Read($"case{index}.last_logits");
        using var scope = NewDisposeScope();

        var logits = FullForward(ModelOf(folder), recorded.InputIds);
        var last = logits[0, -1];

        Assert.That(last.shape, Is.EqualTo(expected.shape));
        Assert.That((last - expected).abs().max().item<float>(), Is.LessThan(Tolerance));
        Assert.That(last.topk(10).indexes.data<long>().Take(1).Select(id => (int)id).ToArray(), Is.EqualTo(recorded.Top10Ids.Take(1).ToArray()));
    }

    [TestCaseSource(typeof(GoldenModels), nameof(GoldenModels.Cases))]
    public void A_decode_step_with_the_cache_gives_transformers_last_logits(string folder, int index)
    {
        var recorded = GoldenModels.Load(folder).Cases[index];
        Assume.That(recorded.InputIds.Length, Is.GreaterThan(1), "a decode step needs a prompt before it");
        using var expectedFile = SafeTensorsFile.Open(Path.Combine(folder, "expected.safetensors"));
        using var expected = expectedFile.Read($"case{index}.last_logits");
        using var scope = NewDisposeScope();

        // Where the CPU has AVX2 and FMA (and the width suits it), the step's products are Float32Linear's.
        var last = GoldenDecode.LastToken(ModelOf(folder), recorded.InputIds);

        Assert.That(last.shape, Is.EqualTo(expected.shape));
        Assert.That((last - expected).abs().max().item<float>(), Is.LessThan(Tolerance));
    }

    [TestCaseSource(typeof(GoldenModels), nameof(GoldenModels.Cases))]
    public void The_first_64_logits_match_transformers_at_every_position(string folder, int index)
    {
        var recorded = GoldenModels.Load(folder).Cases[index];
        using var expectedFile = SafeTensorsFile.Open(Path.Combine(folder, "expected.safetensors"));
        using var expected = expectedFile.Read($"case{index}.all_logits_first64"); // (T, 64)
        using var scope = NewDisposeScope();

        var logits = FullForward(ModelOf(folder), recorded.InputIds)[0].narrow(1, 0, 64); // (T, 64)

        Assert.That(logits.shape, Is.EqualTo(expected.shape));
        Assert.That((logits - expected).abs().max().item<float>(), Is.LessThan(Tolerance));
    }

    [TestCaseSource(typeof(GoldenModels), nameof(GoldenModels.Cases))]
    public void Greedy_generation_with_the_cache_writes_the_tokens_transformers_wrote(string folder, int index)
    {
        var recorded = GoldenModels.Load(folder).Cases[index];
        // Compare up to the first step whose best two logits are too close for float rounding to decide.
        var clearSteps = recorded.GreedyMargins.TakeWhile(margin => margin > ClearMargin).Count();
        Assume.That(clearSteps, Is.GreaterThan(0), "the first greedy step is too close to call");

        var generator = new Gpt2Generator(ModelOf(folder), Gpt2Tokenizer.Shared);
        var summary = generator.Generate(recorded.InputIds, SamplingSettings.Greedy, [], recorded.Greedy20.Length);

        Assert.That(summary.Tokens.Take(clearSteps), Is.EqualTo(recorded.Greedy20.Take(clearSteps)));
        Assert.That(summary.FinishReason, Is.EqualTo(recorded.Greedy20.Contains(Gpt2Tokenizer.EndOfText) ? FinishReason.Eos : FinishReason.Length));
    }

    static Tensor FullForward(Gpt2Model model, int[] ids)
    {
        using var _ = inference_mode();
        var idx = tensor(ids.Select(id => (long)id).ToArray()).view(1, ids.Length);
        return model.Forward(idx, model.Positions(0, ids.Length)); // (1, T, V)
    }
}
