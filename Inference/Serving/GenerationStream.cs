using System.Threading.Channels;

namespace AdventureServer.Inference.Serving;

/// <summary>
/// What a submission returns: text deltas as they are decoded, then the result. The worker never
/// waits on the reader; deltas queue up in an unbounded channel until read.
/// </summary>
public sealed class GenerationStream
{
    public GenerationStream(ChannelReader<string> deltas, Task<GenerationResult> result)
    {
        Deltas = deltas;
        Result = result;
    }

    /// <summary>Text deltas, completed when the generation ends.</summary>
    public ChannelReader<string> Deltas { get; }

    /// <summary>Completes after the last delta is written.</summary>
    public Task<GenerationResult> Result { get; }
}
