using AdventureServer.Inference.Kernels;
using AdventureServer.Inference.Model;
using AdventureServer.Inference.Sampling;
using AdventureServer.Inference.Serving;
using AdventureServer.Inference.Serving.Batching;
using AdventureServer.Inference.Serving.Scheduling;
using AdventureServer.Inference.Text;
using Microsoft.Extensions.Logging.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Serving;

/// <summary>
/// A bfloat16 step that also prefills a prompt chunk, against the decode step alone, and a prompt cut into other chunks,
/// on the model runner: with <see cref="InferenceOptions.BatchInvariant"/> the log-probabilities are the same bits.
/// </summary>
public class BatchInvariantStepTests
{
    [Test]
    public void A_prompt_chunk_riding_in_a_bfloat16_step_leaves_the_decoding_rows_bits_as_a_decode_step_alone_gives_them()
    {
        Assume.That(BFloat16Kernel.IsSupported, "this CPU lacks AVX-512F, so bfloat16 decode steps are libtorch's");
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        using var model = OneLayerOfGpt2Width(seed: 7);
        using var runner = BatchInvariantRunner(model, slots: 4);
        var random = new Random(4);
        var decoding = new[] { 9, 21, 14 }.Select((length, row) => Prefilled(model, runner, TestModels.RandomPrompt(random, length), row)).ToArray();
        var arriving = Admitted(runner, TestModels.RandomPrompt(random, 20), row: 3);

        var alone = runner.Decode(decoding).Decoded;
        var withChunk = runner.Pass(decoding, [new PromptChunk(arriving, 0, 12)]).Decoded;

        for (var row = 0; row < decoding.Length; row++)
        {
            Assert.That(withChunk[row].Token, Is.EqualTo(alone[row].Token), $"row {row}");
            Assert.That(withChunk[row].LogProbs!.Top.Select(t => t.LogProb), Is.EqualTo(alone[row].LogProbs!.Top.Select(t => t.LogProb)), $"row {row}");
        }
    }

    [Test]
    public void A_bfloat16_decode_step_gives_a_row_the_same_bits_at_every_batch_size_past_the_kernels_default_rows()
    {
        Assume.That(BFloat16Kernel.IsSupported, "this CPU lacks AVX-512F, so bfloat16 decode steps are libtorch's");
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        const int rows = BFloat16Linear.MaxRows + 4;
        using var model = OneLayerOfGpt2Width(seed: 8);
        using var runner = BatchInvariantRunner(model, slots: rows);
        var random = new Random(6);
        var decoding = Enumerable.Range(0, rows).Select(row => Prefilled(model, runner, TestModels.RandomPrompt(random, random.Next(3, 30)), row)).ToArray();

        var batched = runner.Decode(decoding).Decoded; // 12 rows: past the kernel's default 8

        for (var row = 0; row < rows; row++)
        {
            // A step decodes rows 0..B−1 of the pool, so row r decodes last in a batch of r + 1: every size from 1 to 12.
            var smaller = runner.Decode(decoding[..(row + 1)]).Decoded[row];
            Assert.That(smaller.LogProbs!.Top.Select(t => t.LogProb), Is.EqualTo(batched[row].LogProbs!.Top.Select(t => t.LogProb)), $"row {row}, batch of {row + 1}");
        }
    }

    [TestCase(new[] { 13, 27 })]
    [TestCase(new[] { 1, 1, 38 })]
    [TestCase(new[] { 32, 8 })]
    public void A_bfloat16_prompt_cut_into_other_chunks_gives_its_first_token_the_bits_of_the_whole_prompt(int[] cut)
    {
        Assume.That(BFloat16Kernel.IsSupported, "this CPU lacks AVX-512F, so bfloat16 prompts are libtorch's");
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        using var model = OneLayerOfGpt2Width(seed: 9);
        using var runner = BatchInvariantRunner(model, slots: 3);
        var random = new Random(8);
        var prompt = TestModels.RandomPrompt(random, cut.Sum());
        var decoding = new[] { Prefilled(model, runner, TestModels.RandomPrompt(random, 17), row: 2) };

        var whole = runner.Pass([], [new PromptChunk(Admitted(runner, prompt, row: 0), 0, prompt.Length)]).FirstTokens.Single();
        var inChunks = Admitted(runner, prompt, row: 1);
        ChosenToken? first = null;
        for (var (offset, i) = (0, 0); i < cut.Length; offset += cut[i], i++)
        {
            // Beside a decoding row, as a chunk rides in a busy step.
            first = runner.Pass(decoding, [new PromptChunk(inChunks, offset, cut[i])]).FirstTokens.SingleOrDefault();
            inChunks.Cached(offset + cut[i]);
        }

        Assert.That(first, Is.Not.Null);
        Assert.That(first!.Token, Is.EqualTo(whole.Token));
        Assert.That(first.LogProbs!.Top.Select(t => t.LogProb), Is.EqualTo(whole.LogProbs!.Top.Select(t => t.LogProb)));
    }

    /// <summary>A one-layer bfloat16 model of gpt2's width: the kernel's sums and libtorch's round apart at these sizes.</summary>
    static Gpt2Model OneLayerOfGpt2Width(int seed)
    {
        var model = new Gpt2Model(TestModels.Small with { NLayer = 1, NEmbd = 768, NHead = 12 }).InitialiseRandomly(seed);
        model.to(ScalarType.BFloat16);
        model.PrepareForInference();
        return model;
    }

    /// <summary>A batch-invariant runner over <paramref name="slots"/> rows of 64 positions.</summary>
    static ModelRunner BatchInvariantRunner(Gpt2Model model, int slots) => new(model, new EngineSettings(Slots: slots, Capacity: 64,
        ChunkTokens: 16, StepTokenBudget: 0, MinChunkTokens: 1, MaxPrefillTokens: 64, PadDecodeSteps: false, BatchInvariant: true),
        graphs: false, NullLogger.Instance);

    /// <summary>A sequence in <paramref name="row"/> whose prompt is cached but for its last token, which the next step decodes.</summary>
    static Sequence Prefilled(Gpt2Model model, ModelRunner runner, int[] prompt, int row)
    {
        var sequence = Admitted(runner, prompt, row);
        var cached = prompt.Length - 1;
        var ids = tensor(prompt[..cached].Select(t => (long)t).ToArray()).view(1, cached);
        model.Forward(ids, model.Positions(0, cached), runner.Pool.ForPrefill(row, 0), lastPositionOnly: true);
        sequence.Cached(cached);
        return sequence;
    }

    static Sequence Admitted(ModelRunner runner, int[] prompt, int row)
    {
        var request = new GenerationRequest { PromptTokens = prompt, Sampling = SamplingSettings.Greedy, LogProbs = 5 };
        var sequence = new Sequence(request, prompt, row, Gpt2Tokenizer.Shared);
        runner.Sampling.Set(row, request.Sampling, sequence.Seed, prompt);
        sequence.Admit(row, 0);
        return sequence;
    }
}
