using System.Collections.Concurrent;
using AdventureServer.Inference.Checkpoints;
using AdventureServer.Inference.Model;
using AdventureServer.Inference.Text;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Golden;

/// <summary>
/// The int8 weight format against the float32 logits transformers recorded on the golden checkpoints, and against
/// the engine's own float32 on the bundled default model (trained, so its logits are far from uniform), there beside
/// bfloat16's error as the yardstick. The errors are written to the test output; the bounds are about twice what
/// was measured.
/// </summary>
[Category("Golden")]
public class GoldenInt8Tests
{
    // Measured on tiny-gpt2-a: max |Δ| ≤ 0.032 and mean |Δ| ≈ 0.005 against logits of std ≈ 0.83 (0.039 and 0.006
    // of the spread); the bounds are relative to the spread, so a checkpoint with larger logits is judged alike.
    const double MaxErrorOfSpread = 0.1;
    const double MeanErrorOfSpread = 0.02;

    static readonly ConcurrentDictionary<string, Gpt2Model> Models = new();

    static Gpt2Model Int8ModelOf(string folder) =>
        Models.GetOrAdd(folder, f => CheckpointLoader.Load(f, CPU, ScalarType.Float32).PrepareForInference(int8Weights: true));

    [OneTimeTearDown]
    public void DisposeModels()
    {
        foreach (var model in Models.Values)
            model.Dispose();
        Models.Clear();
    }

    [TestCaseSource(typeof(GoldenModels), nameof(GoldenModels.Cases))]
    public void Int8_logits_stay_close_to_the_float32_golden_logits_and_keep_a_clear_top_token(string folder, int index)
    {
        var recorded = GoldenModels.Load(folder).Cases[index];
        using var expectedFile = SafeTensorsFile.Open(Path.Combine(folder, "expected.safetensors"));
        using var expected = expectedFile.Read($"case{index}.last_logits");
        using var scope = NewDisposeScope();

        var last = FullForward(Int8ModelOf(folder), recorded.InputIds)[0, -1];

        var error = Compare(last, expected);
        TestContext.Out.WriteLine($"{Path.GetFileName(folder)} case{index}: {error}");
        Assert.That(error.MaxAbs, Is.LessThan(MaxErrorOfSpread * error.Spread));
        Assert.That(error.MeanAbs, Is.LessThan(MeanErrorOfSpread * error.Spread));
        // The recorded top token must win wherever its margin over the second is more than twice the largest error.
        if (recorded.GreedyMargins[0] > 2 * error.MaxAbs)
            Assert.That(error.TopAgreement, Is.EqualTo(1.0), $"top-1 changed although its margin was {recorded.GreedyMargins[0]:G3}");
    }

    [TestCaseSource(typeof(GoldenModels), nameof(GoldenModels.Cases))]
    public void Int8_logits_stay_close_to_the_float32_golden_logits_at_every_position(string folder, int index)
    {
        var recorded = GoldenModels.Load(folder).Cases[index];
        using var expectedFile = SafeTensorsFile.Open(Path.Combine(folder, "expected.safetensors"));
        using var expected = expectedFile.Read($"case{index}.all_logits_first64"); // (T, 64)
        using var scope = NewDisposeScope();

        var logits = FullForward(Int8ModelOf(folder), recorded.InputIds)[0].narrow(1, 0, 64);

        var error = Compare(logits, expected);
        TestContext.Out.WriteLine($"{Path.GetFileName(folder)} case{index}, every position: {error}");
        Assert.That(error.MaxAbs, Is.LessThan(MaxErrorOfSpread * error.Spread));
    }

    [Test]
    public void Int8_logits_of_the_bundled_model_stay_close_to_its_float32_logits()
    {
        var folder = Path.Combine(RepositoryRoot(), "Server", "DefaultModel");
        Assume.That(Path.Combine(folder, "model.safetensors"), Does.Exist);
        using var float32 = CheckpointLoader.Load(folder, CPU, ScalarType.Float32).PrepareForInference();
        using var int8 = CheckpointLoader.Load(folder, CPU, ScalarType.Float32).PrepareForInference(int8Weights: true);
        var ids = Gpt2Tokenizer.Shared.Encode(
            "The lantern flickers as you step into the cellar. Cold water drips from the ceiling, and somewhere ahead a door creaks.\n> You light a torch and walk towards the sound.\n").ToArray();
        using var scope = NewDisposeScope();

        var expected = FullForward(float32, ids)[0];
        var actual = FullForward(int8, ids)[0];

        var error = Compare(actual, expected);
        using var bfloat16 = CheckpointLoader.Load(folder, CPU, ScalarType.BFloat16).PrepareForInference();
        var yardstick = Compare(FullForward(bfloat16, ids)[0].to(ScalarType.Float32), expected);
        TestContext.Out.WriteLine($"default model, {ids.Length} positions, int8: {error}");
        TestContext.Out.WriteLine($"default model, {ids.Length} positions, bfloat16: {yardstick}");
        // Measured: int8's mean error 1.5× bfloat16's, its largest 2.1×.
        Assert.That(error.MeanAbs, Is.LessThan(3 * yardstick.MeanAbs));
        Assert.That(error.MaxAbs, Is.LessThan(4 * yardstick.MaxAbs));
        Assert.That(error.TopAgreement, Is.GreaterThanOrEqualTo(0.9));
    }

    sealed record LogitError(double MaxAbs, double MeanAbs, double Spread, double TopAgreement)
    {
        public override string ToString() =>
            $"max |Δ| {MaxAbs:G3}, mean |Δ| {MeanAbs:G3}, float32 logits' std {Spread:G3}, top-1 agreement {TopAgreement:P0}";
    }

    static LogitError Compare(Tensor actual, Tensor expected)
    {
        using var difference = (actual - expected).abs();
        return new LogitError(difference.max().item<float>(), difference.mean().item<float>(), expected.std().item<float>(),
            (actual.argmax(-1) == expected.argmax(-1)).to(ScalarType.Float32).mean().item<float>());
    }

    static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "AdventureServer.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("AdventureServer.sln not found above the test assembly.");
    }

    static Tensor FullForward(Gpt2Model model, int[] ids)
    {
        using var _ = inference_mode();
        var idx = tensor(ids.Select(id => (long)id).ToArray()).view(1, ids.Length);
        return model.Forward(idx, model.Positions(0, ids.Length));
    }
}
