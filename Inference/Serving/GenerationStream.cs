using System.Threading.Channels;
using AdventureServer.Inference.Sampling;

namespace AdventureServer.Inference.Serving;

/// <summary>
/// What a submission returns: text deltas as they are decoded, then the result. The worker never
/// waits on the reader; deltas queue up in an unbounded channel until read.
/// </summary>
public sealed class GenerationStream
{
    public GenerationStream(ChannelReader<string> deltas, Task<GenerationResult> result, ChannelReader<TokenLogProbs>? logProbs = null)
    {
        Deltas = deltas;
        Result = result;
        LogProbs = logProbs ?? NoLogProbs;
    }

    static readonly ChannelReader<TokenLogProbs> NoLogProbs = Closed();

    static ChannelReader<TokenLogProbs> Closed()
    {
        var channel = Channel.CreateUnbounded<TokenLogProbs>();
        channel.Writer.Complete();
        return channel.Reader;
    }

    /// <summary>Text deltas, completed when the generation ends.</summary>
    public ChannelReader<string> Deltas { get; }

    /// <summary>
    /// Each generated token's log-probabilities, written just before the text it adds (which a stop sequence's
    /// hold-back may delay); empty and complete unless the request asked for them.
    /// </summary>
    public ChannelReader<TokenLogProbs> LogProbs { get; }

    /// <summary>Completes after the last delta is written.</summary>
    public Task<GenerationResult> Result { get; }
}
