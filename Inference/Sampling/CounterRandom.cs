using TorchSharp;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Sampling;

/// <summary>
/// Random numbers computed rather than drawn: each is a hash of (seed, position, token id), so a sequence's
/// draws do not depend on the batch it runs in or on a generator's state, and a CUDA graph replays them
/// exactly. The hash is SplitMix64 (Steele, Lea and Flood, 2014) in int64 tensor ops, which wrap like the
/// unsigned arithmetic it is written for. Only element-wise ops on static shapes: no host sync.
/// </summary>
internal static class CounterRandom
{
    internal const long Gamma = unchecked((long)0x9E3779B97F4A7C15UL);
    internal const long Multiplier1 = unchecked((long)0xBF58476D1CE4E5B9UL);
    internal const long Multiplier2 = unchecked((long)0x94D049BB133111EBUL);

    // Float32 holds every integer below 2^24 exactly, so (2·bits + 1) / 2^24 with 23 random bits is exact.
    internal const int Bits = 23;

    /// <summary>
    /// (B, W) uniforms in (0, 1), never 0 nor 1: element (b, w) depends only on seeds[b], positions[b] and the
    /// token id at (b, w).
    /// </summary>
    /// <param name="seeds">(B) int64.</param>
    /// <param name="positions">(B) int64, on the same device.</param>
    /// <param name="tokens">(W) or (B, W) int64 token ids, on the same device.</param>
    public static Tensor Uniform(Tensor seeds, Tensor positions, Tensor tokens) =>
        CounterRandomOnCpu.TryUniform(seeds, positions, tokens) ?? UniformByTensorOps(seeds, positions, tokens);

    /// <summary>As <see cref="Uniform"/>, in tensor ops on any device (CUDA, and graphs, take this way; tests compare the two).</summary>
    internal static Tensor UniformByTensorOps(Tensor seeds, Tensor positions, Tensor tokens)
    {
        // One SplitMix64 stream per (seed, position), read at the token's place. The key is mixed again after
        // adding the position so that neighbouring positions start far apart, not one step along one stream.
        var key = Mix(Mix(seeds) + positions * Gamma).unsqueeze(1); // (B, 1)
        var bits = ShiftRight(Mix(key + (tokens + 1) * Gamma), 64 - Bits); // (B, W) in [0, 2^23)
        return bits.mul_(2).add_(1).to(ScalarType.Float32).div_(1 << (Bits + 1));
    }

    /// <summary>SplitMix64's output function on int64 tensors: the same bits as on ulong.</summary>
    internal static Tensor Mix(Tensor z)
    {
        z = (z ^ ShiftRight(z, 30)) * Multiplier1;
        z = (z ^ ShiftRight(z, 27)) * Multiplier2;
        return z ^ ShiftRight(z, 31);
    }

    // Torch shifts int64 arithmetically, copying the sign bit in; masking the copies off gives the logical shift.
    // Torch's bitwise ops take tensors only: full() makes the constants with a fill, not a copy from the host.
    static Tensor ShiftRight(Tensor z, int bits) =>
        z.bitwise_right_shift(Constant(bits, z.device)).bitwise_and(Constant((1L << (64 - bits)) - 1, z.device));

    static Tensor Constant(long value, Device device) => full(Array.Empty<long>(), value, ScalarType.Int64, device);
}
