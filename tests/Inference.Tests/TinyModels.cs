using AdventureServer.Inference.Model;

namespace AdventureServer.Inference.Tests;

/// <summary>Small random GPT-2s: the real vocabulary, but 2 layers 64 wide, so tests stay fast on 2 cores.</summary>
static class TinyModels
{
    public static Gpt2Config Config { get; } = new() { NLayer = 2, NHead = 2, NEmbd = 64, NPositions = 128 };

    /// <summary>A float32 CPU model with GPT-2's initialisation.</summary>
    public static Gpt2Model Random(long seed = 1) => new Gpt2Model(Config).InitialiseRandomly(seed);
}
