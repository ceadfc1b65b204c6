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
        settings.ThrowIfOutOfRange();

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

        var vocabulary = logits.shape[0];
        var adjusted = _banned.Length > 0 || (_settings.RepetitionPenalty != 1f && context.Count > 0);
        if (_settings.Temperature == 0 && !adjusted)
            return (int)logits.argmax().item<long>();

        // One float32 copy to work on: the caller's logits stay untouched, and half precision would round
        // the penalties. Temperature commutes with the penalty (both scale), so it makes the copy when it can.
        var x = _settings.Temperature is 0 or 1
            ? logits.to(ScalarType.Float32, copy: true)
            : logits.to(ScalarType.Float32).div(_settings.Temperature); // (V)
        if (_banned.Length > 0)
            x.index_fill_(0, BannedIds(x.device, vocabulary), double.NegativeInfinity);
        if (_settings.RepetitionPenalty != 1f && context.Count > 0)
            ApplyRepetitionPenalty(x, context, vocabulary);
        if (_settings.Temperature == 0)
            return (int)x.argmax().item<long>();

        if (_settings.TopK > 0 && _settings.TopK < vocabulary)
        {
            var (values, ids) = x.topk(_settings.TopK); // (K) each, descending
            return (int)ids[Draw(TopP(values))].item<long>();
        }
        if (_settings.TopP < 1)
        {
            var (values, ids) = x.sort(descending: true); // (V) each
            return (int)ids[Draw(TopP(values))].item<long>();
        }
        return (int)Draw(x).item<long>();
    }

    // Keeps the smallest prefix of descending logits whose probability reaches p: a token stays while the mass before it is below p.
    Tensor TopP(Tensor sorted)
    {
        if (_settings.TopP >= 1)
            return sorted;
        var probabilities = sorted.softmax(0);
        var before = probabilities.cumsum(0) - probabilities;
        return sorted.masked_fill(before >= _settings.TopP, double.NegativeInfinity);
    }

    // Draws an index with probability softmax(logits): the argmax of p / E with E ~ Exp(1) is such a draw
    // (the exponential race), and costs a few element-wise ops where torch.multinomial is many times slower on the CPU.
    Tensor Draw(Tensor logits)
    {
        var probabilities = logits.softmax(0);
        var race = empty_like(probabilities).exponential_(1, _generator);
        return probabilities.div_(race).argmax();
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
        if (_bannedIds is null || _bannedIds.device_type != device.type || _bannedIds.device_index != device.index)
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
