using AdventureServer.Inference.Text;
using static TorchSharp.torch;

namespace AdventureServer.Training;

/// <summary>Training text as one long run of token ids, cut into random windows for each batch.</summary>
public sealed class TokenCorpus
{
    readonly int[] _tokens;

    public TokenCorpus(int[] tokens)
    {
        _tokens = tokens;
    }

    public int Length => _tokens.Length;

    /// <summary>The token ids, in order.</summary>
    public IReadOnlyList<int> Tokens => _tokens;

    /// <summary>
    /// Reads a training folder: <c>train.txt</c> and <c>valid.txt</c> when both exist; otherwise every
    /// <c>*.txt</c> file, the last 5 % of the tokens held out for validation.
    /// </summary>
    public static (TokenCorpus Train, TokenCorpus Valid) Load(string folder, Gpt2Tokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        string train = Path.Combine(folder, "train.txt"), valid = Path.Combine(folder, "valid.txt");
        if (File.Exists(train) && File.Exists(valid))
            return (new TokenCorpus(tokenizer.Encode(File.ReadAllText(train))), new TokenCorpus(tokenizer.Encode(File.ReadAllText(valid))));

        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray() : [];
        if (files.Length == 0)
            throw new FileNotFoundException($"{folder} holds no training text: expected train.txt and valid.txt, or *.txt stories.");
        // Each file is a story of its own: end-of-text between them, as in the corpus the model first learned.
        var all = tokenizer.Encode(string.Join(Gpt2Tokenizer.EndOfTextText, files.Select(File.ReadAllText)));
        var split = (int)(all.Length * 0.95);
        return (new TokenCorpus(all[..split]), new TokenCorpus(all[split..]));
    }

    /// <summary>
    /// A batch of inputs and next-token targets, (B, T) each. The windows depend only on <paramref name="seed"/>,
    /// so a resumed run draws the same batches as an uninterrupted one.
    /// </summary>
    public (Tensor Inputs, Tensor Targets) Batch(int batchSize, int blockSize, long seed)
    {
        var block = Math.Min(blockSize, _tokens.Length - 1);
        if (block < 1)
            throw new InvalidOperationException("The corpus is too short to train on.");
        var random = new Random(unchecked((int)(seed ^ (seed >> 32))));
        var inputs = new long[batchSize * block];
        var targets = new long[batchSize * block];
        for (var row = 0; row < batchSize; row++)
        {
            var start = random.Next(0, _tokens.Length - block);
            for (var i = 0; i < block; i++)
            {
                inputs[row * block + i] = _tokens[start + i];
                targets[row * block + i] = _tokens[start + i + 1];
            }
        }
        return (tensor(inputs, [batchSize, block]), tensor(targets, [batchSize, block]));
    }
}
