using System.Text;
using AdventureServer.Inference;
using AdventureServer.Inference.Generation;
using AdventureServer.Inference.Loading;
using AdventureServer.Inference.Sampling;

namespace AdventureServer.Server.Tests.DefaultModel;

public class DefaultModelTests
{
    const string Story = """
        You are a sailor aboard the Grey Heron, two days out of port. Rain drums on the deck.
        Mara the navigator studies a torn map by lantern light.
        > You ask Mara about the map.

        """;

    [Test, CancelAfter(120_000)]
    public void Given_an_action_in_the_game_format_the_default_model_answers_with_narration_and_no_action_of_its_own()
    {
        using var loaded = ModelLoader.Load(new InferenceOptions { Device = "cpu" });
        var generator = new Gpt2Generator(loaded.Model, loaded.Tokenizer);
        var prompt = loaded.Tokenizer.Encode(Story.Replace("\r", "", StringComparison.Ordinal));

        var continuations = Enumerable.Range(1, 5).Select(seed =>
        {
            var text = new StringBuilder();
            generator.Generate(prompt, new SamplingSettings { Temperature = 0.7f, Seed = seed }, ["\n>"], 60, d => text.Append(d));
            return text.ToString();
        }).ToList();

        Assert.That(loaded.Name, Is.EqualTo("adventure-default"));
        Assert.That(continuations, Has.All.Matches<string>(c => c.Trim().Length > 0), "it writes something");
        Assert.That(continuations, Has.None.Matches<string>(c => c.Split('\n').Any(line => line.TrimStart().StartsWith('>'))),
            "it never writes a player's action line before stopping");
        Assert.That(continuations, Has.Some.Matches<string>(c => c.Contains('.', StringComparison.Ordinal)), "it writes sentences");
    }
}
