namespace AdventureServer.Game.Context;

/// <summary>Counts the model's tokens in a text (the GPT-2 tokenizer in the server; simple fakes in tests).</summary>
public interface ITokenCounter
{
    /// <summary>The number of tokens <paramref name="text"/> encodes to.</summary>
    int CountTokens(string text);
}
