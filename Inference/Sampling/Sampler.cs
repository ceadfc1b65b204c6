using static TorchSharp.torch;

namespace AdventureServer.Inference.Sampling;

/// <summary>
/// Chooses one sequence's next tokens: a batch of one for <see cref="BatchSampler"/>, so the single-sequence
/// path and the batching worker choose the same token for the same seed, logits and context. Works where the
/// logits live (CPU or GPU); only the chosen id comes back to the host.
/// </summary>
public sealed class Sampler : IDisposable
{
    readonly SamplingSettings _settings;
    readonly Device? _device;
    SamplingRows? _row;
    bool _set;

    /// <param name="settings">How to choose.</param>
    /// <param name="device">Where the logits will be.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public Sampler(SamplingSettings settings, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.ThrowIfOutOfRange();
        _settings = settings;
        _device = device;
        Seed = settings.Seed ?? Random.Shared.NextInt64();
    }

    /// <summary>The seed in use (drawn when the settings gave none), so a generation can be replayed.</summary>
    public long Seed { get; }

    /// <summary>Chooses the next token, the one at position <c>context.Count</c>.</summary>
    /// <param name="logits">(V) logits of the last position, any float dtype, any device.</param>
    /// <param name="context">The tokens so far (prompt and generated), for the repetition penalty.</param>
    /// <exception cref="ArgumentOutOfRangeException">A banned id is outside the vocabulary.</exception>
    public int Next(Tensor logits, IReadOnlyList<int> context)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(context);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        _row ??= new SamplingRows(1, logits.shape[0], _device ?? logits.device);
        // Only the repetition penalty reads the context; it is given anew each call, so it may be any context.
        if (!_set || _settings.RepetitionPenalty != 1f)
            _row.Set(0, _settings, Seed, context);
        _set = true;

        var position = tensor(new long[] { context.Count }, device: logits.device);
        var features = _row.FeaturesOf(1);
        return (int)BatchSampler.Choose(logits.view(1, -1), position, _row, features).item<long>();
    }

    public void Dispose() => _row?.Dispose();
}
