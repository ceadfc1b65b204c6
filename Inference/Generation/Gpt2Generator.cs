using System.Diagnostics;
using AdventureServer.Inference.Model;
using AdventureServer.Inference.Sampling;
using AdventureServer.Inference.Serving;
using AdventureServer.Inference.Text;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Generation;

/// <summary>
/// Generates one sequence at a time: prefill the prompt into a KV cache, then one token per step, with the
/// batching worker's <see cref="OutputProcessor"/> deciding what each token means (text, stop, end).
/// The plain, sequential path: the CLI's <c>generate</c>, and the baseline the batching worker is measured against.
/// Not thread-safe; call it from the thread that owns the device.
/// </summary>
public sealed class Gpt2Generator
{
    readonly Gpt2Model _model;
    readonly Gpt2Tokenizer _tokenizer;

    public Gpt2Generator(Gpt2Model model, Gpt2Tokenizer tokenizer)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _tokenizer = tokenizer ?? throw new ArgumentNullException(nameof(tokenizer));
    }

    /// <summary>Generates after <paramref name="promptTokens"/> until end-of-text, a stop sequence, <paramref name="maxNewTokens"/> or the model's window.</summary>
    /// <param name="promptTokens">At least one token, at most the model's window.</param>
    /// <param name="sampling">How tokens are chosen.</param>
    /// <param name="stopSequences">Texts that end the generation; never shown.</param>
    /// <param name="maxNewTokens">The most tokens to generate.</param>
    /// <param name="onText">Receives each text delta as soon as it is settled (outside any dispose scope).</param>
    /// <param name="cancellationToken">Checked between steps.</param>
    /// <param name="bannedFirstTokens">Token ids the first generated token may not be (<see cref="GenerationRequest.BannedFirstTokens"/>).</param>
    public GenerationSummary Generate(
        IReadOnlyList<int> promptTokens,
        SamplingSettings sampling,
        IReadOnlyList<string> stopSequences,
        int maxNewTokens,
        Action<string>? onText = null,
        CancellationToken cancellationToken = default,
        IReadOnlySet<int>? bannedFirstTokens = null)
    {
        ArgumentNullException.ThrowIfNull(promptTokens);
        ArgumentNullException.ThrowIfNull(sampling);
        ArgumentNullException.ThrowIfNull(stopSequences);
        var window = _model.Config.NPositions;
        if (promptTokens.Count == 0)
            throw new ArgumentException("The prompt needs at least one token (GPT-2 starts a document with <|endoftext|>).", nameof(promptTokens));
        if (promptTokens.Count > window)
            throw new ArgumentException($"The prompt has {promptTokens.Count} tokens; the model's window is {window}.", nameof(promptTokens));
        ArgumentOutOfRangeException.ThrowIfNegative(maxNewTokens);
        FirstTokenBan.Check(bannedFirstTokens, _model.Config.VocabSize);

        using var sampler = new Sampler(sampling, _model.Device);
        using var cache = new ContiguousKeyValueCache(_model.Config, 1, Math.Min(window, promptTokens.Count + maxNewTokens), _model.Device, _model.CacheDType);
        var output = new OutputProcessor(_tokenizer, stopSequences, maxNewTokens, _model.Config.EosTokenId, window);
        var context = new List<int>(promptTokens.Count + maxNewTokens);
        context.AddRange(promptTokens);
        var text = new System.Text.StringBuilder();
        void Show(string delta)
        {
            if (delta.Length == 0)
                return;
            text.Append(delta);
            onText?.Invoke(delta);
        }

        var clock = Stopwatch.StartNew();
        var prefill = TimeSpan.Zero;
        var decodeSteps = 0;
        FinishReason reason;
        if (maxNewTokens == 0)
        {
            reason = FinishReason.Length;
        }
        else
        {
            var next = Step(promptTokens, cache, sampler, context, bannedFirstTokens, decoding: false);
            prefill = clock.Elapsed;
            while (true)
            {
                var ended = output.Accept(next, cache.Length, out var delta);
                if (ended != FinishReason.Eos)
                    context.Add(next);
                Show(delta);
                if (ended is { } why)
                {
                    reason = why;
                    break;
                }
                if (cancellationToken.IsCancellationRequested)
                {
                    reason = FinishReason.Cancelled;
                    break;
                }
                next = Step([next], cache, sampler, context, null, decoding: true);
                decodeSteps++;
            }
        }
        var total = clock.Elapsed;

        reason = output.Finish(reason, out var last);
        Show(last);
        return new GenerationSummary(reason, promptTokens.Count, output.Tokens.Count, output.Tokens, text.ToString(),
            sampler.Seed, prefill, total - prefill, decodeSteps);
    }

    // One forward pass over new tokens (the whole prompt, or the last token: a decode step) and the choice of the next one.
    int Step(IReadOnlyList<int> tokens, ContiguousKeyValueCache cache, Sampler sampler, List<int> context, IReadOnlySet<int>? banned, bool decoding)
    {
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var ids = new long[tokens.Count];
        for (var i = 0; i < ids.Length; i++)
            ids[i] = tokens[i];
        var idx = tensor(ids, device: _model.Device).view(1, ids.Length); // (1, T)
        var logits = _model.Forward(idx, _model.Positions(cache.Length, ids.Length), cache, lastPositionOnly: true, decoding: decoding); // (1, 1, V)
        cache.Advance(ids.Length);
        return sampler.Next(FirstTokenBan.Apply(logits[0, 0], banned), context);
    }
}
