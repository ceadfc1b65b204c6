using TorchSharp;
using TorchSharp.Modules;
using AdventureServer.Inference.Model;
using static TorchSharp.torch;

namespace AdventureServer.Training;

/// <summary>
/// An output layer for training from scratch on a corpus that uses only a few thousand of GPT-2's
/// 50,257 tokens. Every token the corpus never uses shares one embedding row (<see cref="Other"/>),
/// so their N identical logits are one class with logit <c>h·other + log N</c>: the softmax over the
/// used tokens plus that class equals, exactly, the full-vocabulary softmax of a model whose unused
/// rows all equal <see cref="Other"/>. Training costs a softmax over thousands rather than 50,257
/// tokens, and <see cref="WriteInto"/> makes the saved model an ordinary GPT-2 with that distribution.
/// </summary>
public sealed class CorpusVocabularyHead : IDisposable
{
    readonly Tensor _used;      // (K) token ids the corpus uses, ascending
    readonly Tensor _unused;    // (V − K) the others
    readonly Tensor _compact;   // (V) full id → class index (K for every unused token)
    readonly Tensor _bias;      // (K + 1) zeros, then log N for the shared class

    public CorpusVocabularyHead(Gpt2Model model, IEnumerable<int> corpusTokens)
    {
        ArgumentNullException.ThrowIfNull(model);
        var vocab = model.Config.VocabSize;
        var seen = new bool[vocab];
        foreach (var token in corpusTokens)
            seen[token] = true;
        var used = Enumerable.Range(0, vocab).Where(t => seen[t]).Select(t => (long)t).ToArray();
        var unused = Enumerable.Range(0, vocab).Where(t => !seen[t]).Select(t => (long)t).ToArray();
        var compact = Enumerable.Repeat((long)used.Length, vocab).ToArray();
        for (var i = 0; i < used.Length; i++)
            compact[used[i]] = i;

        UsedCount = used.Length;
        _used = tensor(used);
        _unused = tensor(unused);
        _compact = tensor(compact);
        var bias = new float[used.Length + 1];
        bias[^1] = unused.Length > 0 ? MathF.Log(unused.Length) : float.NegativeInfinity;
        _bias = tensor(bias);
        using var _ = no_grad();
        // Start from the unused rows as they are (on resume they already hold the shared row).
        var start = unused.Length > 0 ? model.TokenEmbedding[unused[0]].clone() : zeros(model.Config.NEmbd);
        Other = new Parameter(start);
    }

    /// <summary>How many tokens the corpus uses.</summary>
    public int UsedCount { get; }

    /// <summary>The embedding row shared by every token the corpus does not use.</summary>
    public Parameter Other { get; }

    /// <summary>(B, T, K + 1) logits over the used tokens and the shared class.</summary>
    public Tensor Logits(Gpt2Model model, Tensor hidden)
    {
        ArgumentNullException.ThrowIfNull(model);
        var weights = cat([model.TokenEmbedding.index_select(0, _used), Other.unsqueeze(0)], 0); // (K + 1, C)
        return hidden.matmul(weights.t()) + _bias;
    }

    /// <summary>Maps full-vocabulary targets to class indices.</summary>
    public Tensor Targets(Tensor targets) => _compact.index_select(0, targets.view(-1)).view(targets.shape);

    /// <summary>Copies the shared row into every unused token's row, making the model an ordinary GPT-2.</summary>
    public void WriteInto(Gpt2Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (_unused.NumberOfElements == 0)
            return;
        using var _ = no_grad();
        model.TokenEmbedding.index_copy_(0, _unused, Other.detach().unsqueeze(0).expand(_unused.shape[0], -1).contiguous());
    }

    public void Dispose()
    {
        _used.Dispose();
        _unused.Dispose();
        _compact.Dispose();
        _bias.Dispose();
        Other.Dispose();
    }
}
