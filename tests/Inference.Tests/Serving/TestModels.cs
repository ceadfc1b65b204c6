using AdventureServer.Inference.Generation;
using AdventureServer.Inference.Model;
using AdventureServer.Inference.Sampling;
using AdventureServer.Inference.Serving;
using AdventureServer.Inference.Text;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Serving;

/// <summary>Small random-weight models, a worker over one, and the single-sequence greedy reference.</summary>
internal static class TestModels
{
    public static readonly Gpt2Config Small = new() { NLayer = 2, NHead = 2, NEmbd = 64, NPositions = 128, VocabSize = 512, EosTokenId = 511 };

    /// <summary>
    /// GPT-2's initialisation (std 0.02) gives a tiny model with tied embeddings two weaknesses for these
    /// tests: the residual stream is mostly the current token's embedding, so greedy decoding just repeats
    /// it whatever attention sees, and the logits are nearly tied, so float sums in another order (batch
    /// 8 vs 1) could flip an argmax. Scaling the blocks' output projections lets attention over the
    /// context decide the token, and scaling the final LayerNorm's gain widens the margins, so
    /// token-for-token equality tests the batching, not rounding luck.
    /// </summary>
    public static Gpt2Model Create(long seed = 1, Gpt2Config? config = null)
    {
        var model = new Gpt2Model(config ?? Small).InitialiseRandomly(seed);
        using (no_grad())
            foreach (var (name, parameter) in model.named_parameters())
                if (name == "ln_f.weight")
                    parameter.mul_(50);
                else if (name.EndsWith("c_proj.weight", StringComparison.Ordinal))
                    parameter.mul_(40);
        return model.PrepareForInference();
    }

    public static InferenceWorker Worker(Gpt2Model model, int slots = 4, int queue = 64, int chunk = 8, int context = 128) =>
        new(model, Gpt2Tokenizer.Shared, new InferenceOptions
        {
            MaxConcurrentSequences = slots,
            QueueCapacity = queue,
            PrefillChunkTokens = chunk,
            MaxContext = context,
            MaxNewTokensLimit = 512,
        }, "test-gpt2");

    /// <summary>
    /// Greedy decoding of one prompt alone on the sequential path (<see cref="Gpt2Generator"/>: the model,
    /// a contiguous KV cache, argmax).
    /// </summary>
    public static GenerationSummary GenerateAlone(Gpt2Model model, IReadOnlyList<int> prompt, int maxNewTokens, IReadOnlyList<string>? stopSequences = null) =>
        new Gpt2Generator(model, Gpt2Tokenizer.Shared).Generate(prompt, SamplingSettings.Greedy, stopSequences ?? [], maxNewTokens);

    public static int[] RandomPrompt(Random random, int length) =>
        Enumerable.Range(0, length).Select(_ => random.Next(0, Small.VocabSize - 1)).ToArray();

    /// <summary>Submits the requests a few random milliseconds apart (arriving while others run) and reads every stream.</summary>
    public static async Task<(string Text, GenerationResult Result)[]> SubmitStaggered(InferenceWorker worker, IEnumerable<GenerationRequest> requests, Random random, int maxGapMs = 10)
    {
        var pending = new List<Task<(string Text, GenerationResult Result)>>();
        foreach (var request in requests)
        {
            pending.Add(ReadAll(worker.Submit(request)));
            await Task.Delay(random.Next(0, maxGapMs));
        }
        return await Task.WhenAll(pending);
    }

    /// <summary>Reads a stream to its end and returns the text and the result.</summary>
    public static async Task<(string Text, GenerationResult Result)> ReadAll(GenerationStream stream)
    {
        var text = new System.Text.StringBuilder();
        await foreach (var delta in stream.Deltas.ReadAllAsync())
            text.Append(delta);
        return (text.ToString(), await stream.Result);
    }
}
