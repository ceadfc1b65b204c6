using AdventureServer.Inference.Model;
using AdventureServer.Inference.Sampling;
using AdventureServer.Inference.Serving;
using AdventureServer.Inference.Serving.Batching;
using AdventureServer.Inference.Text;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Serving;

public class StaticDecodeStepTests
{
    const int Slots = 4;
    const int Capacity = 64;

    [Test]
    public void The_static_step_gives_each_row_the_logits_of_its_sequence_alone_with_mixed_positions_and_padded_rows()
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        using var model = TestModels.Create();
        using var pool = new KeyValueCachePool(model.Config, Slots, Capacity, model.Device, model.DType);
        using var sampling = new SamplingRows(Slots, model.Config.VocabSize);
        using var step = new DecodeStep(model, pool, sampling);
        var random = new Random(5);
        var prompts = new[] { 6, 18, 33, 9 }.Select(n => TestModels.RandomPrompt(random, n)).ToArray();
        var sequences = prompts.Select((prompt, row) => PrefilledButTheLastToken(model, pool, prompt, row)).ToArray();
        var alone = prompts.Select(prompt => LastLogitsAlone(model, prompt)).ToArray();

        // Three live rows in a shape of four: row 3 holds a bystander's cache that the padding row must not
        // touch. Once at exactly the length needed (the largest position + 1), once over the whole capacity.
        foreach (var length in new[] { 33, Capacity })
        {
            step.Load(sequences[..3], Slots);
            var logits = step.Logits(Slots, length);
            for (var row = 0; row < 3; row++)
                AssertClose(logits[row], alone[row], $"row {row}, length {length}");
        }

        step.Load(sequences, Slots);
        AssertClose(step.Logits(Slots, 33)[3], alone[3], "the bystander, decoded after the padded steps");
        step.Run(Slots, 33, SamplingFeatures.None);
        Assert.That(step.Tokens(Slots).data<long>().ToArray(), Is.EqualTo(alone.Select(l => l.argmax().item<long>()).ToArray()), "greedy tokens");
    }

    [Test]
    public void A_padding_row_past_the_models_window_still_runs()
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        using var model = TestModels.Create();
        var window = model.Config.NPositions; // the pool's scratch position is the window itself
        using var pool = new KeyValueCachePool(model.Config, Slots, window, model.Device, model.DType);
        using var sampling = new SamplingRows(Slots, model.Config.VocabSize);
        using var step = new DecodeStep(model, pool, sampling);
        var prompt = TestModels.RandomPrompt(new Random(2), 12);
        var sequence = PrefilledButTheLastToken(model, pool, prompt, 0);

        step.Load([sequence], 2);
        var logits = step.Logits(2, window);

        AssertClose(logits[0], LastLogitsAlone(model, prompt), "the live row");
    }

    static Sequence PrefilledButTheLastToken(Gpt2Model model, KeyValueCachePool pool, int[] prompt, int row)
    {
        var sequence = new Sequence(new GenerationRequest { PromptTokens = prompt }, prompt, row, Gpt2Tokenizer.Shared);
        sequence.Admit(row, 0);
        var cached = prompt.Length - 1;
        var ids = tensor(prompt[..cached].Select(t => (long)t).ToArray()).view(1, cached);
        model.Forward(ids, model.Positions(0, cached), pool.ForPrefill(row, 0), lastPositionOnly: true);
        sequence.Cached(cached);
        return sequence;
    }

    static Tensor LastLogitsAlone(Gpt2Model model, int[] prompt)
    {
        var ids = tensor(prompt.Select(t => (long)t).ToArray()).view(1, prompt.Length);
        return model.Forward(ids, model.Positions(0, prompt.Length), lastPositionOnly: true)[0, 0];
    }

    static void AssertClose(Tensor actual, Tensor expected, string what)
    {
        var scale = 1 + expected.abs().max().item<float>();
        var difference = (actual - expected).abs().max().item<float>();
        Assert.That(difference, Is.LessThan(1e-5 * scale), what);
    }
}
