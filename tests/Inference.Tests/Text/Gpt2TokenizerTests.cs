using System.Text;
using AdventureServer.Inference.Text;

namespace AdventureServer.Inference.Tests.Text;

public class Gpt2TokenizerTests
{
    const string Mixed = "The café's crème brûlée 🍮 was served at 東京 — naïve señor! 🧙‍♂️ casts 火の玉 ✨ 👍🏽";

    static Gpt2Tokenizer Tokenizer => Gpt2Tokenizer.Shared;

    [Test]
    public void Known_text_encodes_to_gpt2s_ids()
    {
        Assert.That(Tokenizer.Encode("Hello world"), Is.EqualTo(new[] { 15496, 995 }));
    }

    [Test]
    public void The_end_of_text_marker_is_the_special_token()
    {
        var ids = Tokenizer.Encode("The end.<|endoftext|>A new story");

        Assert.That(ids, Does.Contain(Gpt2Tokenizer.EndOfText));
        Assert.That(ids.Count(id => id == Gpt2Tokenizer.EndOfText), Is.EqualTo(1));
        Assert.That(Tokenizer.Decode(ids), Is.EqualTo("The end.<|endoftext|>A new story"));
    }

    [Test]
    public void Text_with_emoji_accents_and_cjk_survives_a_round_trip()
    {
        var ids = Tokenizer.Encode(Mixed);

        Assert.That(Tokenizer.Decode(ids), Is.EqualTo(Mixed));
        Assert.That(Tokenizer.CountTokens(Mixed), Is.EqualTo(ids.Length));
    }

    [Test]
    public void The_byte_table_agrees_with_the_library_decoder_on_every_whole_character_token()
    {
        var library = Microsoft.ML.Tokenizers.TiktokenTokenizer.CreateForModel("gpt2");
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        var checkedTokens = 0;
        for (var id = 0; id < Gpt2Tokenizer.EndOfText; id += 7)
        {
            string text;
            try
            {
                text = strict.GetString(Tokenizer.TokenBytes(id));
            }
            catch (DecoderFallbackException)
            {
                continue; // part of a character: only the byte table can say which part
            }
            Assert.That(text, Is.EqualTo(library.Decode([id])), $"token {id}");
            checkedTokens++;
        }
        Assert.That(checkedTokens, Is.GreaterThan(6000));
    }

    [Test]
    public void Streaming_detokenization_emits_only_whole_characters_and_adds_up_to_the_full_decode()
    {
        var ids = Tokenizer.Encode(Mixed);
        var detokenizer = new StreamingDetokenizer(Tokenizer);
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);

        var deltas = ids.Select(detokenizer.Push).Append(detokenizer.Flush()).ToList();

        Assert.That(string.Concat(deltas), Is.EqualTo(Tokenizer.Decode(ids)));
        Assert.That(deltas, Has.Some.Empty, "some emoji or CJK character should span several tokens");
        foreach (var delta in deltas)
        {
            Assert.That(delta, Does.Not.Contain("\uFFFD"));
            Assert.That(() => strict.GetString(strict.GetBytes(delta)), Throws.Nothing, "each delta is well-formed on its own");
            Assert.That(delta.Length == 0 || !char.IsHighSurrogate(delta[^1]), Is.True, "no delta ends in half a surrogate pair");
        }
    }

    [Test]
    public void A_character_left_incomplete_at_the_end_is_flushed_as_a_replacement_character()
    {
        // The first token of a multi-token emoji on its own: its bytes are only the start of a character.
        var emoji = Tokenizer.Encode("🍮");
        Assume.That(emoji, Has.Length.GreaterThan(1));
        var detokenizer = new StreamingDetokenizer(Tokenizer);

        var held = detokenizer.Push(emoji[0]);
        var flushed = detokenizer.Flush();

        Assert.That(held, Is.Empty);
        Assert.That(flushed, Is.EqualTo(Tokenizer.Decode([emoji[0]])));
        Assert.That(flushed, Does.Contain("\uFFFD"));
    }
}
