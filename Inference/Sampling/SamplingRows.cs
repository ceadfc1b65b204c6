using TorchSharp;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Sampling;

/// <summary>
/// The sampling settings of up to <see cref="Capacity"/> sequences as per-row tensors on one device, for
/// <see cref="BatchSampler"/>: row i of a batch's logits is chosen with row i's settings. <see cref="Swap"/>
/// and <see cref="Move"/> let the rows follow the worker's when it compacts them. The host remembers which
/// <see cref="SamplingFeatures"/> each row needs, so the eager path can skip what no row of a batch uses.
/// Every tensor is allocated once and only ever written in place, so a captured CUDA graph keeps reading
/// the current settings.
/// </summary>
public sealed class SamplingRows : IDisposable
{
    // What each row needs, and its top-k (0 for none), known on the host so that no decision reads the device.
    readonly (SamplingFeatures Features, int TopK)[] _needs;

    /// <param name="capacity">The most rows a batch may have.</param>
    /// <param name="vocabulary">V, the logits' width.</param>
    /// <param name="device">Where the logits will be.</param>
    public SamplingRows(int capacity, long vocabulary, Device? device = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(vocabulary);
        Capacity = capacity;
        Vocabulary = vocabulary;
        device ??= CPU;
        _needs = new (SamplingFeatures, int)[capacity];

        Temperature = zeros(capacity, ScalarType.Float32, device).DetachFromDisposeScope();
        TopK = zeros(capacity, ScalarType.Int64, device).DetachFromDisposeScope();
        TopP = ones(capacity, ScalarType.Float32, device).DetachFromDisposeScope();
        RepetitionPenalty = ones(capacity, ScalarType.Float32, device).DetachFromDisposeScope();
        Seed = zeros(capacity, ScalarType.Int64, device).DetachFromDisposeScope();
        Banned = zeros(capacity, vocabulary, ScalarType.Bool, device).DetachFromDisposeScope();
        Seen = zeros(capacity, vocabulary, ScalarType.Bool, device).DetachFromDisposeScope();
    }

    /// <summary>The most rows a batch may have.</summary>
    public int Capacity { get; }

    /// <summary>V, the logits' width.</summary>
    public long Vocabulary { get; }

    /// <summary>(capacity) float32; 0 is greedy.</summary>
    internal Tensor Temperature { get; }

    /// <summary>(capacity) int64; 0 keeps every token (a top-k as wide as the vocabulary is stored as 0).</summary>
    internal Tensor TopK { get; }

    /// <summary>(capacity) float32; 1 keeps every token.</summary>
    internal Tensor TopP { get; }

    /// <summary>(capacity) float32; 1 is off.</summary>
    internal Tensor RepetitionPenalty { get; }

    /// <summary>(capacity) int64: the key of the row's random numbers.</summary>
    internal Tensor Seed { get; }

    /// <summary>(capacity, V) bool: tokens the row never chooses.</summary>
    internal Tensor Banned { get; }

    /// <summary>(capacity, V) bool: tokens in the row's context, for the repetition penalty.</summary>
    internal Tensor Seen { get; }

    Tensor[] All => [Temperature, TopK, TopP, RepetitionPenalty, Seed, Banned, Seen];

    /// <summary>Gives a row to a sequence: its settings, its seed, and its context so far as seen tokens.</summary>
    /// <param name="row">The sequence's row in the batch.</param>
    /// <param name="settings">How to choose; checked like <see cref="Sampler"/> checks them.</param>
    /// <param name="seed">The settings' seed, or one drawn for them.</param>
    /// <param name="context">The tokens so far (prompt and generated); ids outside the vocabulary are ignored.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range, or a banned id is outside the vocabulary.</exception>
    public void Set(int row, SamplingSettings settings, long seed, IReadOnlyList<int> context)
    {
        CheckRow(row);
        ArgumentNullException.ThrowIfNull(context);
        Check(settings);

        using var scope = NewDisposeScope();
        var topK = settings.TopK < Vocabulary ? settings.TopK : 0;
        Temperature[row].fill_(settings.Temperature);
        TopK[row].fill_(topK);
        TopP[row].fill_(settings.TopP);
        RepetitionPenalty[row].fill_(settings.RepetitionPenalty);
        Seed[row].fill_(seed);
        Mark(Banned[row], settings.BannedTokenIds);
        Mark(Seen[row], context.Where(id => id >= 0 && id < Vocabulary));
        _needs[row] = (Needs(settings, topK), topK);
    }

    /// <summary>Refuses settings that <see cref="Set"/> would refuse, without touching any row.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range, or a banned id is outside the vocabulary.</exception>
    public void Check(SamplingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.ThrowIfOutOfRange();
        if (settings.BannedTokenIds.Any(id => id < 0 || id >= Vocabulary))
            throw new ArgumentOutOfRangeException(nameof(settings), $"Banned token ids must be in [0, {Vocabulary}).");
    }

    /// <summary>
    /// Marks each row's chosen token as seen, in place and without a host sync (it can be captured in a graph).
    /// </summary>
    /// <param name="tokens">(B) int64 on the rows' device: the tokens just chosen for rows <paramref name="firstRow"/>.. on.</param>
    /// <param name="firstRow">The row of the first token.</param>
    public void MarkSeen(Tensor tokens, int firstRow = 0)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.dim() != 1 || firstRow < 0 || firstRow + tokens.size(0) > Capacity || tokens.dtype != ScalarType.Int64)
            throw new ArgumentException($"Tokens must be (B) int64 with B at most {Capacity}.", nameof(tokens));

        using var scope = NewDisposeScope();
        var index = tokens.unsqueeze(1); // (B, 1)
        Seen.narrow(0, firstRow, tokens.size(0)).scatter_(1, index, ones_like(index, ScalarType.Bool));
    }

    /// <summary>Exchanges two rows: settings, banned and seen tokens.</summary>
    public void Swap(int a, int b)
    {
        CheckRow(a);
        CheckRow(b);
        if (a == b)
            return;
        using var scope = NewDisposeScope();
        var device = Seed.device;
        var to = tensor(new long[] { b, a }, device: device);
        var from = tensor(new long[] { a, b }, device: device);
        foreach (var rows in All)
            rows.index_copy_(0, to, rows.index_select(0, from));
        (_needs[a], _needs[b]) = (_needs[b], _needs[a]);
    }

    /// <summary>Moves a row to another place, overwriting what was there, and clears the place it left.</summary>
    public void Move(int from, int to)
    {
        CheckRow(from);
        CheckRow(to);
        if (from == to)
            return;
        using var scope = NewDisposeScope();
        var device = Seed.device;
        var target = tensor(new long[] { to }, device: device);
        var source = tensor(new long[] { from }, device: device);
        foreach (var rows in All)
            rows.index_copy_(0, target, rows.index_select(0, source));
        _needs[to] = _needs[from];
        Clear(from);
    }

    /// <summary>Makes a row greedy again, banning and having seen nothing.</summary>
    public void Clear(int row)
    {
        CheckRow(row);
        using var scope = NewDisposeScope();
        Temperature[row].fill_(0);
        TopK[row].fill_(0);
        TopP[row].fill_(1);
        RepetitionPenalty[row].fill_(1);
        Seed[row].fill_(0);
        Banned[row].fill_(false);
        Seen[row].fill_(false);
        _needs[row] = (SamplingFeatures.None, 0);
    }

    /// <summary>What rows 0..<paramref name="batch"/>−1 need between them; read on the host, costs nothing on the device.</summary>
    public SamplingFeatures FeaturesOf(int batch) => FeaturesOf(0, batch);

    /// <summary>What rows <paramref name="firstRow"/>.. on, <paramref name="batch"/> of them, need between them.</summary>
    public SamplingFeatures FeaturesOf(int firstRow, int batch)
    {
        CheckBatch(firstRow + batch);
        var features = SamplingFeatures.None;
        for (var row = firstRow; row < firstRow + batch; row++)
            features |= _needs[row].Features;
        return features;
    }

    /// <summary>
    /// How many of the most likely tokens hold every drawing row's candidates among rows 0..<paramref name="batch"/>−1:
    /// the widest top-k, or V when a drawing row has none (1 when no row draws). Read on the host.
    /// </summary>
    internal long CandidateWidth(int firstRow, int batch)
    {
        CheckBatch(firstRow + batch);
        var widest = 1L;
        for (var row = firstRow; row < firstRow + batch; row++)
        {
            var (features, topK) = _needs[row];
            if (features.HasFlag(SamplingFeatures.Sampling))
                widest = Math.Max(widest, topK > 0 ? topK : Vocabulary);
        }
        return widest;
    }

    static SamplingFeatures Needs(SamplingSettings settings, int topK)
    {
        var features = SamplingFeatures.None;
        if (settings.BannedTokenIds.Count > 0 || settings.RepetitionPenalty != 1f)
            features |= SamplingFeatures.Penalties;
        if (settings.Temperature == 0)
            return features; // a greedy row's top-k and top-p change nothing
        features |= SamplingFeatures.Sampling;
        if (topK > 0)
            features |= SamplingFeatures.TopK;
        else if (settings.TopP < 1)
            features |= SamplingFeatures.Nucleus;
        return features;
    }

    static void Mark(Tensor mask, IEnumerable<int> ids)
    {
        mask.fill_(false);
        var index = ids.Distinct().Select(id => (long)id).ToArray();
        if (index.Length > 0)
            mask.index_fill_(0, tensor(index, device: mask.device), true);
    }

    void CheckBatch(int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batch, Capacity);
    }

    void CheckRow(int row, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(row))] string? name = null)
    {
        if (row < 0 || row >= Capacity)
            throw new ArgumentOutOfRangeException(name, row, $"Rows are numbered 0 to {Capacity - 1}.");
    }

    public void Dispose()
    {
        foreach (var rows in All)
            rows.Dispose();
    }
}
