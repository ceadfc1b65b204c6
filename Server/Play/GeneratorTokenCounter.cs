using AdventureServer.Game.Context;
using AdventureServer.Inference.Serving;

namespace AdventureServer.Server.Play;

/// <summary>Counts tokens with the served model's tokenizer, so prompt budgets match what the engine sees.</summary>
public sealed class GeneratorTokenCounter(ITextGenerator generator) : ITokenCounter
{
    public int CountTokens(string text) => generator.CountTokens(text);
}
