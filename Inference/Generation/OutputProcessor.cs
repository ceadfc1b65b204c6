using AdventureServer.Inference.Serving;
using AdventureServer.Inference.Text;

namespace AdventureServer.Inference.Generation;

/// <summary>
/// What each chosen token means for one generation, in one place for the sequential <see cref="Gpt2Generator"/> and
/// the batching worker: end-of-text ends it without being text or a completion token; every other token is
/// detokenised (<see cref="StreamingDetokenizer"/>: no delta ends in half a character) and passed through the stop
/// sequences (<see cref="StopSequenceMatcher"/>: a stop is never shown and ends it); the token limit and the cache
/// window end it by length.
/// </summary>
public sealed class OutputProcessor
{
    readonly StreamingDetokenizer _detokenizer;
    readonly StopSequenceMatcher _stops;
    readonly List<int> _tokens;
    readonly int _endOfText;
    readonly int _maxNewTokens;
    readonly int _window;

    /// <param name="tokenizer">The model's tokenizer.</param>
    /// <param name="stopSequences">Texts that end the generation; never shown.</param>
    /// <param name="maxNewTokens">The most tokens to generate.</param>
    /// <param name="endOfText">The model's end-of-text token.</param>
    /// <param name="window">Positions the sequence's cache holds.</param>
    public OutputProcessor(Gpt2Tokenizer tokenizer, IReadOnlyList<string> stopSequences, int maxNewTokens, int endOfText, int window)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(stopSequences);
        _detokenizer = new StreamingDetokenizer(tokenizer);
        _stops = new StopSequenceMatcher(stopSequences);
        _tokens = new List<int>(Math.Clamp(maxNewTokens, 0, 4096));
        _endOfText = endOfText;
        _maxNewTokens = maxNewTokens;
        _window = window;
    }

    /// <summary>The generated tokens so far (end-of-text is never one).</summary>
    public IReadOnlyList<int> Tokens => _tokens;

    /// <summary>True once a stop sequence was written.</summary>
    public bool Stopped => _stops.Stopped;

    /// <summary>Takes the next chosen token.</summary>
    /// <param name="token">The token.</param>
    /// <param name="cachedPositions">Positions the sequence's cache holds now (the token's own not yet).</param>
    /// <param name="delta">The text that is settled now (possibly empty).</param>
    /// <returns>Why the generation ends with this token, or null to go on.</returns>
    public FinishReason? Accept(int token, int cachedPositions, out string delta)
    {
        if (token == _endOfText)
        {
            delta = "";
            return FinishReason.Eos;
        }
        _tokens.Add(token);
        delta = _stops.Push(_detokenizer.Push(token));
        if (_stops.Stopped)
            return FinishReason.Stop;
        if (_tokens.Count >= _maxNewTokens || cachedPositions >= _window)
            return FinishReason.Length;
        return null;
    }

    /// <summary>
    /// Ends the generation: unless it stopped or failed, the text held back is flushed (a partial character becomes
    /// U+FFFD, a partial stop sequence is shown after all), and a stop sequence completed by that flush makes it a stop.
    /// </summary>
    /// <param name="reason">Why it ended.</param>
    /// <param name="delta">The last text to show (possibly empty).</param>
    /// <returns>The reason, <see cref="FinishReason.Stop"/> where the flush completed a stop sequence.</returns>
    public FinishReason Finish(FinishReason reason, out string delta)
    {
        delta = "";
        if (reason == FinishReason.Error || _stops.Stopped)
            return reason;
        delta = _stops.Push(_detokenizer.Flush()) + _stops.Flush();
        return _stops.Stopped ? FinishReason.Stop : reason;
    }
}
