using AdventureServer.Inference.Generation;
using AdventureServer.Inference.Model;
using AdventureServer.Inference.Sampling;
using AdventureServer.Inference.Serving;
using AdventureServer.Inference.Text;

namespace AdventureServer.Inference.Tests.Generation;

public class Gpt2GeneratorTests
{
    static Gpt2Model _model = null!;
    static readonly Gpt2Tokenizer Tokenizer = Gpt2Tokenizer.Shared;
    static readonly int[] Prompt = Tokenizer.Encode("You stand at the mouth of a dark cave.");
    // Without end-of-text, the random model writes exactly the tokens asked for.
    static readonly SamplingSettings Sampling = new() { Temperature = 1f, Seed = 1234, BannedTokenIds = [Gpt2Tokenizer.EndOfText] };

    [OneTimeSetUp]
    public void LoadModel() => _model = TinyModels.Random(seed: 5).PrepareForInference();

    [OneTimeTearDown]
    public void DisposeModel() => _model.Dispose();

    static GenerationSummary Generate(SamplingSettings sampling, int maxNewTokens = 24, IReadOnlyList<string>? stops = null, List<string>? deltas = null) =>
        new Gpt2Generator(_model, Tokenizer).Generate(Prompt, sampling, stops ?? [], maxNewTokens, deltas is null ? null : deltas.Add);

    [Test]
    public void The_same_seed_prompt_and_settings_give_the_same_text()
    {
        var first = Generate(Sampling);
        var second = Generate(Sampling);

        Assert.That(second.Tokens, Is.EqualTo(first.Tokens));
        Assert.That(second.Text, Is.EqualTo(first.Text));
    }

    [Test]
    public void Another_seed_gives_another_text()
    {
        var first = Generate(Sampling);
        var other = Generate(Sampling with { Seed = 4321 });

        Assert.That(other.Text, Is.Not.EqualTo(first.Text));
    }

    [Test]
    public void Generation_stops_at_the_token_limit_and_streams_exactly_the_decoded_text()
    {
        var deltas = new List<string>();

        var summary = Generate(Sampling, maxNewTokens: 17, deltas: deltas);

        Assert.That(summary.FinishReason, Is.EqualTo(FinishReason.Length));
        Assert.That(summary.CompletionTokens, Is.EqualTo(17));
        Assert.That(summary.PromptTokens, Is.EqualTo(Prompt.Length));
        Assert.That(string.Concat(deltas), Is.EqualTo(Tokenizer.Decode(summary.Tokens)));
        Assert.That(summary.Text, Is.EqualTo(string.Concat(deltas)));
        Assert.That(summary.DecodeSteps, Is.EqualTo(16));
    }

    [Test]
    public void Greedy_generation_matches_argmax_over_the_full_sequence_recomputed_each_step()
    {
        var summary = Generate(SamplingSettings.Greedy with { BannedTokenIds = [Gpt2Tokenizer.EndOfText] }, maxNewTokens: 8);

        var sequence = Prompt.ToList();
        foreach (var _ in Enumerable.Range(0, 8))
        {
            using var scope = TorchSharp.torch.NewDisposeScope();
            using var mode = TorchSharp.torch.inference_mode();
            var idx = TorchSharp.torch.tensor(sequence.Select(id => (long)id).ToArray()).view(1, -1);
            var logits = _model.Forward(idx, _model.Positions(0, sequence.Count))[0, -1];
            logits[Gpt2Tokenizer.EndOfText] = float.NegativeInfinity;
            sequence.Add((int)logits.argmax().item<long>());
        }
        Assert.That(summary.Tokens, Is.EqualTo(sequence.Skip(Prompt.Length)));
    }

    [Test]
    public void Text_ending_in_a_stop_sequence_split_across_tokens_never_shows_any_of_it()
    {
        // Pick a stop sequence the model will write: the text of three generated tokens in the middle, which
        // (being decoded from several tokens) arrives in pieces.
        var free = Generate(Sampling, maxNewTokens: 24);
        var before = Tokenizer.Decode(free.Tokens.Take(10));
        var stop = Tokenizer.Decode(free.Tokens.Skip(10).Take(3));
        Assume.That(stop.Trim().Length, Is.GreaterThan(1));
        Assume.That(before, Does.Not.Contain(stop));
        var deltas = new List<string>();

        var stopped = Generate(Sampling, maxNewTokens: 24, stops: [stop], deltas: deltas);

        Assert.That(stopped.FinishReason, Is.EqualTo(FinishReason.Stop));
        Assert.That(string.Concat(deltas), Is.EqualTo(before));
        Assert.That(stopped.Text, Is.EqualTo(before));
        Assert.That(stopped.CompletionTokens, Is.EqualTo(13));
    }

    [Test]
    public void Generation_ends_at_end_of_text_without_showing_it()
    {
        // With every other token banned, end-of-text is the only choice.
        var onlyEnd = SamplingSettings.Greedy with { BannedTokenIds = [.. Enumerable.Range(0, Gpt2Tokenizer.EndOfText)] };

        var summary = Generate(onlyEnd);

        Assert.That(summary.FinishReason, Is.EqualTo(FinishReason.Eos));
        Assert.That(summary.CompletionTokens, Is.Zero);
        Assert.That(summary.Text, Is.Empty);
    }

    [Test]
    public void Generation_ends_at_the_models_window()
    {
        var window = _model.Config.NPositions;

        var summary = Generate(Sampling, maxNewTokens: 1000);

        Assert.That(summary.FinishReason, Is.EqualTo(FinishReason.Length));
        Assert.That(summary.PromptTokens + summary.CompletionTokens, Is.EqualTo(window + 1),
            "the last position's logits still give one token past the window");
    }
}
