using AdventureServer.Inference.Checkpoints;
using AdventureServer.Inference.Kernels;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Golden;

/// <summary>
/// A bfloat16 decode step (one row, whose products go through <see cref="BFloat16Linear"/>) against the float32
/// logits transformers recorded on the golden checkpoints, beside the same step with libtorch's bfloat16 products.
/// </summary>
[Category("Golden")]
public class GoldenBFloat16Tests
{
    [TestCaseSource(typeof(GoldenModels), nameof(GoldenModels.Cases))]
    public void A_bfloat16_decode_step_through_the_kernel_is_as_close_to_the_golden_logits_as_libtorchs(string folder, int index)
    {
        Assume.That(BFloat16Kernel.IsSupported, "this CPU lacks AVX-512F");
        var recorded = GoldenModels.Load(folder).Cases[index];
        Assume.That(recorded.InputIds.Length, Is.GreaterThan(1), "a decode step needs a prompt before it");
        using var expectedFile = SafeTensorsFile.Open(Path.Combine(folder, "expected.safetensors"));
        using var expected = expectedFile.Read($"case{index}.last_logits");
        using var model = CheckpointLoader.Load(folder, CPU, ScalarType.BFloat16).PrepareForInference();
        Assume.That(BFloat16Kernel.SupportsInputs(model.Config.NEmbd), "the kernel takes widths in multiples of 32");
        using var scope = NewDisposeScope();

        var kernel = GoldenDecode.LastToken(model, recorded.InputIds);
        Tensor libtorch;
        try
        {
            BFloat16Linear.Enabled = false;
            libtorch = GoldenDecode.LastToken(model, recorded.InputIds);
        }
        finally
        {
            BFloat16Linear.Enabled = true;
        }

        var spread = expected.std().item<float>();
        var kernelError = (kernel - expected).abs().max().item<float>();
        var libtorchError = (libtorch - expected).abs().max().item<float>();
        TestContext.Out.WriteLine($"{Path.GetFileName(folder)} case{index}: max |Δ| kernel {kernelError:G3}, libtorch {libtorchError:G3}, logits' std {spread:G3}");
        Assert.That(kernelError, Is.LessThan(0.1 * spread));
        Assert.That(kernelError, Is.LessThan(2 * libtorchError + 0.01 * spread));
    }
}
