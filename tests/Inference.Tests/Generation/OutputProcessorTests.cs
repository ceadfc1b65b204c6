using AdventureServer.Inference.Generation;
using AdventureServer.Inference.Serving;
using AdventureServer.Inference.Text;

namespace AdventureServer.Inference.Tests.Generation;

public class OutputProcessorTests
{
    static readonly Gpt2Tokenizer Tokenizer = Gpt2Tokenizer.Shared;

    static OutputProcessor Processor(int maxNewTokens = 100, int window = 1000, params string[] stops) =>
        new(Tokenizer, stops, maxNewTokens, Gpt2Tokenizer.EndOfText, window);

    /// <summary>Feeds tokens until the processor ends the generation; returns the text shown and why it ended.</summary>
    static (string Text, FinishReason Reason, int Accepted) Run(OutputProcessor processor, IEnumerable<int> tokens, int cached = 10)
    {
        var text = "";
        var accepted = 0;
        foreach (var token in tokens)
        {
            accepted++;
            var reason = processor.Accept(token, cached++, out var delta);
            text += delta;
            if (reason is { } ended)
            {
                var final = processor.Finish(ended, out var last);
                return (text + last, final, accepted);
            }
        }
        var end = processor.Finish(FinishReason.Cancelled, out var rest);
        return (text + rest, end, accepted);
    }

    [Test]
    public void End_of_text_ends_the_generation_without_being_text_or_a_token()
    {
        var processor = Processor();

        var (text, reason, _) = Run(processor, [.. Tokenizer.Encode("The door"), Gpt2Tokenizer.EndOfText, .. Tokenizer.Encode(" opens")]);

        Assert.That(reason, Is.EqualTo(FinishReason.Eos));
        Assert.That(text, Is.EqualTo("The door"));
        Assert.That(processor.Tokens, Is.EqualTo(Tokenizer.Encode("The door")));
    }

    [Test]
    public void A_stop_sequence_ends_the_generation_and_is_never_shown()
    {
        var (text, reason, _) = Run(Processor(stops: "\n>"), Tokenizer.Encode("It is dark.\n> You light a torch."));

        Assert.That(reason, Is.EqualTo(FinishReason.Stop));
        Assert.That(text, Is.EqualTo("It is dark."));
    }

    [Test]
    public void Held_back_text_that_never_became_a_stop_is_shown_at_the_end()
    {
        var (text, reason, _) = Run(Processor(stops: "\n>"), Tokenizer.Encode("It is dark.\n"));

        Assert.That(reason, Is.EqualTo(FinishReason.Cancelled));
        Assert.That(text, Is.EqualTo("It is dark.\n"));
    }

    [Test]
    public void The_token_limit_and_the_window_end_the_generation_by_length()
    {
        var tokens = Tokenizer.Encode(" one two three four five six");

        Assert.That(Run(Processor(maxNewTokens: 3), tokens).Accepted, Is.EqualTo(3));
        Assert.That(Run(Processor(window: 12), tokens, cached: 10).Accepted, Is.EqualTo(3), "the third token fills the 12th position");
        Assert.That(Run(Processor(maxNewTokens: 3), tokens).Reason, Is.EqualTo(FinishReason.Length));
    }

    [Test]
    public void A_character_split_across_tokens_is_shown_whole_and_a_cut_one_as_a_replacement()
    {
        var dragon = Tokenizer.Encode("🐉");
        Assume.That(dragon, Has.Length.GreaterThan(1), "GPT-2 splits this emoji");
        var processor = Processor();

        var deltas = dragon.Select((token, i) => { processor.Accept(token, 10 + i, out var delta); return delta; }).ToList();
        var cut = Processor();
        cut.Accept(dragon[0], 10, out var partial);
        cut.Finish(FinishReason.Length, out var flushed);

        Assert.That(deltas[..^1], Is.All.Empty);
        Assert.That(deltas[^1], Is.EqualTo("🐉"));
        Assert.That(partial + flushed, Is.EqualTo("\uFFFD"));
    }

    [Test]
    public void A_failed_generation_shows_nothing_more()
    {
        var processor = Processor(stops: "\n>");
        processor.Accept(Tokenizer.Encode("dark.\n")[^1], 10, out _);

        Assert.That(processor.Finish(FinishReason.Error, out var last), Is.EqualTo(FinishReason.Error));
        Assert.That(last, Is.Empty);
    }
}
