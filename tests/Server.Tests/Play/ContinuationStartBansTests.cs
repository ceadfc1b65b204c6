using System.Text;
using AdventureServer.Inference;
using AdventureServer.Inference.Generation;
using AdventureServer.Inference.Loading;
using AdventureServer.Inference.Sampling;
using AdventureServer.Inference.Text;
using AdventureServer.Server.Play;

namespace AdventureServer.Server.Tests.Play;

public class ContinuationStartBansTests
{
    const string Story = "You are a sailor aboard the Grey Heron. Rain drums on the deck.\n> You ask Mara about the map.\n";

    static int Token(string text) => Gpt2Tokenizer.Shared.Encode(text) is [var id] ? id : throw new ArgumentException($"'{text}' is not one token");

    [Test]
    public void After_a_line_break_the_action_marker_a_blank_line_and_end_of_text_are_banned_and_words_are_not()
    {
        var banned = ContinuationStartBans.For(Story);

        Assert.That(new[] { ">", " >", "\n", " ", "<|endoftext|>" }.Select(Token), Is.All.Matches<int>(banned.Contains));
        Assert.That(new[] { "The", " The", " Mara", "\"" }.Select(Token), Has.None.Matches<int>(banned.Contains));
    }

    [Test]
    public void Mid_line_a_marker_may_follow_but_a_line_break_may_not()
    {
        var banned = ContinuationStartBans.For("The torch flickers");

        Assert.That(banned, Does.Contain(Token("\n")));
        Assert.That(banned, Does.Not.Contain(Token(" >")));
        Assert.That(banned, Does.Not.Contain(Token(" and")));
    }

    [TestCase(Story)]
    [TestCase("You are a sailor aboard the Grey Heron. Rain drums on the deck.\n> You ask Mara about the map. She says")]
    [CancelAfter(120_000)]
    public void With_the_bans_the_default_model_never_begins_a_continuation_with_an_action_line_or_a_line_break(string story)
    {
        using var loaded = ModelLoader.Load(new InferenceOptions { Device = "cpu", DType = "float32" });
        var generator = new Gpt2Generator(loaded.Model, loaded.Tokenizer);
        var prompt = loaded.Tokenizer.Encode(story);
        var banned = ContinuationStartBans.For(story);

        var starts = Enumerable.Range(1, 24).Select(seed =>
        {
            var text = new StringBuilder();
            generator.Generate(prompt, new SamplingSettings { Temperature = 1.2f, Seed = seed }, [], 4, d => text.Append(d), bannedFirstTokens: banned);
            return text.ToString().TrimStart(' ', '\t');
        }).ToList();

        Assert.That(starts, Has.None.Matches<string>(s => s.Length == 0 || s[0] == '\n' || (story.EndsWith('\n') && s[0] == '>')), string.Join(" | ", starts));
    }
}
