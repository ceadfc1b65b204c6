using AdventureServer.Inference.Model;
using AdventureServer.Inference.Serving;
using AdventureServer.Inference.Text;

namespace AdventureServer.Inference.Tests.Serving;

public class PoolSizingTests
{
    const long GiB = 1L << 30;
    static readonly Gpt2Config Bundled = new() { NLayer = 4, NHead = 4, NEmbd = 128, NPositions = 512 };
    static readonly Gpt2Config Gpt2 = new() { NLayer = 12, NHead = 12, NEmbd = 768, NPositions = 1024 };
    static readonly Gpt2Config Gpt2Medium = new() { NLayer = 24, NHead = 16, NEmbd = 1024, NPositions = 1024 };

    [Test]
    public void A_row_holds_keys_and_values_at_every_layer_over_its_positions_and_the_scratch_one_and_its_sampling_masks()
    {
        var config = new Gpt2Config { NLayer = 2, NHead = 2, NEmbd = 64, NPositions = 128, VocabSize = 512 };

        Assert.That(PoolSizing.BytesPerRow(config, context: 127, elementBytes: 4), Is.EqualTo(2 * 2 * 64 * 128 * 4 + 2 * 512));
    }

    [Test]
    public void Rows_are_as_many_as_fit_in_a_quarter_of_the_memory_beside_the_weights()
    {
        var config = new Gpt2Config { NLayer = 2, NHead = 2, NEmbd = 64, NPositions = 128, VocabSize = 512 };
        var perRow = PoolSizing.BytesPerRow(config, 127, 4);
        const long weights = 5_000_000;

        var size = PoolSizing.Choose(config, 127, 4, weights / 4, weights, availableBytes: weights + 4 * perRow * 10 + 3, onCuda: false);

        Assert.That(size.Rows, Is.EqualTo(10));
        Assert.That(size.Reason, Does.StartWith("auto: 10 rows").And.Contain("as many as fit"));
    }

    [Test]
    public void In_the_same_memory_a_small_model_batches_far_more_rows_than_a_large_one()
    {
        PoolSize Rows(Gpt2Config config, int elementBytes, long parameters, long weights) => PoolSizing.Choose(config, config.NPositions, elementBytes, parameters, weights, 8 * GiB, onCuda: false);

        var bundled = Rows(Bundled, 4, 7_300_000, 29_200_000);
        var gpt2 = Rows(Gpt2, 2, 125_000_000, 250_000_000);
        var medium = Rows(Gpt2Medium, 4, 355_000_000, 1_420_000_000);

        Assert.That(bundled.Rows, Is.EqualTo(PoolSizing.MostRowsOnCpu), bundled.Reason);
        Assert.That(bundled.Reason, Does.Contain("the CPU's ceiling for 7 M parameters"));
        Assert.That(gpt2.Rows, Is.EqualTo(16), gpt2.Reason); // 55 would fit; 16 rows of gpt2 is the CPU's ceiling
        Assert.That(gpt2.Reason, Does.Contain("55 would fit"));
        Assert.That(medium.Rows, Is.EqualTo(5), medium.Reason);
    }

    [Test]
    public void With_too_little_memory_the_pool_still_has_one_row()
    {
        var size = PoolSizing.Choose(Gpt2, 1024, 4, parameters: GiB / 2, weightBytes: 2 * GiB, availableBytes: GiB, onCuda: false);

        Assert.That(size.Rows, Is.EqualTo(1));
        Assert.That(size.Reason, Does.Contain("not even one fits"));
    }

    [Test]
    public void On_cuda_the_pool_keeps_its_fixed_default_and_says_so()
    {
        var size = PoolSizing.Choose(Gpt2, 1024, 2, 125_000_000, 250_000_000, 80 * GiB, onCuda: true);

        Assert.That(size.Rows, Is.EqualTo(PoolSizing.RowsOnCuda));
        Assert.That(size.Reason, Does.Contain("CUDA"));
    }

    [Test, CancelAfter(60_000)]
    public async Task A_worker_with_no_row_count_set_sizes_its_pool_and_one_with_a_count_keeps_it()
    {
        using var model = TestModels.Create();
        await using var auto = new InferenceWorker(model, Gpt2Tokenizer.Shared, new InferenceOptions { MaxContext = 64, WarmUpShapes = false }, "auto", ownsModel: false);
        await using var set = new InferenceWorker(model, Gpt2Tokenizer.Shared, new InferenceOptions { MaxConcurrentSequences = 3, MaxContext = 64, WarmUpShapes = false }, "set", ownsModel: false);

        Assert.That(auto.PoolSize.Reason, Does.StartWith($"auto: {auto.PoolSize.Rows} rows"));
        Assert.That(auto.PoolSize.Rows, Is.InRange(1, PoolSizing.MostRowsOnCpu));
        Assert.That(set.PoolSize, Is.EqualTo(new PoolSize(3, "Inference:MaxConcurrentSequences")));
        var (_, result) = await TestModels.ReadAll(auto.Submit(new GenerationRequest { PromptTokens = [1, 2, 3], MaxNewTokens = 4 }));
        Assert.That(result.FinishReason, Is.Not.EqualTo(FinishReason.Error));
    }
}
