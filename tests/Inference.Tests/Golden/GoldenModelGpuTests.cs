using AdventureServer.Inference.Checkpoints;
using AdventureServer.Inference.Generation;
using AdventureServer.Inference.Sampling;
using AdventureServer.Inference.Text;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Golden;

/// <summary>The golden checkpoints on CUDA: float32 close to transformers, float16 choosing the same clear greedy tokens.</summary>
[Category("Gpu"), Category("Golden")]
public class GoldenModelGpuTests
{
    [SetUp]
    public void RequireCuda()
    {
        if (!cuda.is_available())
            Assert.Ignore("CUDA is not available here.");
    }

    [TestCaseSource(typeof(GoldenModels), nameof(GoldenModels.Cases))]
    public void Float32_on_cuda_matches_transformers_last_position_logits(string folder, int index)
    {
        var recorded = GoldenModels.Load(folder).Cases[index];
        using var expectedFile = SafeTensorsFile.Open(Path.Combine(folder, "expected.safetensors"));
        using var expected = expectedFile.Read($"case{index}.last_logits");
        using var model = CheckpointLoader.Load(folder, CUDA, ScalarType.Float32).PrepareForInference();
        using var scope = NewDisposeScope();
        using var mode = inference_mode();

        var idx = tensor(recorded.InputIds.Select(id => (long)id).ToArray(), device: CUDA).view(1, -1);
        var last = model.Forward(idx, model.Positions(0, recorded.InputIds.Length), lastPositionOnly: true)[0, 0].cpu();

        // TF32 matmuls and other kernels round differently from the CPU: close, not bit-equal.
        Assert.That((last - expected).abs().max().item<float>(), Is.LessThan(2e-3));
    }

    [TestCaseSource(typeof(GoldenModels), nameof(GoldenModels.Cases))]
    public void Float16_on_cuda_writes_the_clear_greedy_tokens(string folder, int index)
    {
        var recorded = GoldenModels.Load(folder).Cases[index];
        // float16 needs a wider margin than float32 to call a step.
        var clearSteps = recorded.GreedyMargins.TakeWhile(margin => margin > 0.05).Count();
        Assume.That(clearSteps, Is.GreaterThan(0));
        using var model = CheckpointLoader.Load(folder, CUDA, ScalarType.Float16).PrepareForInference();

        var summary = new Gpt2Generator(model, Gpt2Tokenizer.Shared).Generate(recorded.InputIds, SamplingSettings.Greedy, [], recorded.Greedy20.Length);

        Assert.That(summary.Tokens.Take(clearSteps), Is.EqualTo(recorded.Greedy20.Take(clearSteps)));
    }
}
