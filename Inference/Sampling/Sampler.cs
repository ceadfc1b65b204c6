using TorchSharp;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Sampling;

/// <summary>
/// Chooses one sequence's next tokens. It owns a generator seeded from the settings, so a seeded
/// sequence draws the same tokens whatever else runs beside it. Works where the logits live (CPU or
/// GPU); only the chosen id comes back to the host.
/// </summary>
public sealed class Sampler : IDisposable
{
    readonly SamplingSettings _settings;
    readonly Generator? _generator;
    readonly long[] _banned;
    Tensor? _bannedIds;

    /// <param name="settings">How to choose.</param>
    /// <param name="device">Where the logits will be (the generator must live there too).</param>
    public Sampler(SamplingSettings settings, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Temperature < 0 || float.IsNaN(settings.Temperature))
            throw new ArgumentOutOfRangeException(nameof(settings), settings.Temperature, "Temperature must be 0 (greedy) or more.");
        if (settings.TopP is <= 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(settings), settings.TopP, "TopP must be in (0, 1].");
        if (settings.TopK < 0)
            throw new ArgumentOutOfRangeException(nameof(settings), settings.TopK, "TopK must be 0 (off) or more.");
        if (settings.RepetitionPenalty <= 0)
            throw new ArgumentOutOfRangeException(nameof(settings), settings.RepetitionPenalty, "RepetitionPenalty must be positive (1 is off).");

        _settings = settings;
        _banned = [.. settings.BannedTokenIds.Distinct().Select(id => (long)id)];
        Seed = settings.Seed ?? Random.Shared.NextInt64();
        if (settings.Temperature > 0)
            _generator = new Generator(unchecked((ulong)Seed), device ?? CPU);
    }

    /// <summary>The seed in use (drawn when the settings gave none), so a generation can be replayed.</summary>
    public long Seed { get; }

    /// <summary>Chooses the next token.</summary>
    /// <param name="logits">(V) logits of the last position, any float dtype, any device.</param>
    /// <param name="context">The tokens so far (prompt and generated), for the repetition penalty.</param>
    public int Next(Tensor logits, IReadOnlyList<int> context)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(context);
        using var _ = no_grad();
        using var scope = NewDisposeScope();

        // Work on a float32 copy: the caller's logits stay untouched, and half precision would round the penalties.
        var x = logits.to(ScalarType.Float32, copy: true); // (V)
        var vocabulary = x.shape[0];
        if (_banned.Length > 0)
            x.index_fill_(0, BannedIds(x.device, vocabulary), double.NegativeInfinity);
        if (_settings.RepetitionPenalty != 1f && context.Count > 0)
            ApplyRepetitionPenalty(x, context, vocabulary);

        if (_settings.Temperature == 0)
            return (int)x.argmax().item<long>();

        x.div_(_settings.Temperature);
        Tensor candidates, candidateIds; // sorted descending, (K) each
        if (_settings.TopK > 0 && _settings.TopK < vocabulary)
            (candidates, candidateIds) = x.topk(_settings.TopK);
        else if (_settings.TopP < 1)
            (candidates, candidateIds) = x.sort(descending: true);
        else
            return (int)x.softmax(0).multinomial(1, false, _generator).item<long>();

        if (_settings.TopP < 1)
        {
            // Keep the smallest prefix whose probability reaches p: a token stays if the mass before it is below p.
            var probabilities = candidates.softmax(0);
            var before = probabilities.cumsum(0) - probabilities;
            candidates.masked_fill_(before >= _settings.TopP, double.NegativeInfinity);
        }
        var choice = candidates.softmax(0).multinomial(1, false, _generator);
        return (int)candidateIds[choice].item<long>();
    }

    void ApplyRepetitionPenalty(Tensor x, IReadOnlyList<int> context, long vocabulary)
    {
        var ids = context.Where(id => (uint)id < vocabulary).Distinct().Select(id => (long)id).ToArray();
        if (ids.Length == 0)
            return;
        // Hugging Face's rule: a seen token's positive logit is divided by the penalty, a negative one multiplied.
        var index = tensor(ids, device: x.device);
        var seen = x.gather(0, index);
        x.scatter_(0, index, where(seen > 0, seen / _settings.RepetitionPenalty, seen * _settings.RepetitionPenalty));
    }

    Tensor BannedIds(Device device, long vocabulary)
    {
        if (_bannedIds is null || _bannedIds.device != device)
        {
            if (_banned.Any(id => id < 0 || id >= vocabulary))
                throw new ArgumentOutOfRangeException(nameof(SamplingSettings.BannedTokenIds), $"Banned token ids must be in [0, {vocabulary}).");
            _bannedIds?.Dispose();
            _bannedIds = tensor(_banned, device: device).DetachFromDisposeScope();
        }
        return _bannedIds;
    }

    public void Dispose()
    {
        _bannedIds?.Dispose();
        _generator?.Dispose();
    }
}
