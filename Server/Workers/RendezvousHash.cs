using System.Text;

namespace AdventureServer.Server.Workers;

/// <summary>
/// Highest-random-weight (rendezvous) hashing: every worker gets a pseudo-random score for every story, and the
/// story goes to the worker with the highest score.
/// </summary>
/// <remarks>
/// A score depends only on the worker's name and the story's id, so every front-end picks the same worker without
/// talking to the others, and removing a worker moves only the stories whose highest score was that worker's (each to
/// its second highest); adding one takes from every other worker only the stories where it now scores highest, about
/// 1/n of them. The hash is FNV-1a over the name folded through the MurmurHash3 finaliser, fixed here rather than
/// <see cref="string.GetHashCode()"/>, which is randomised per process and would make two front-ends disagree.
/// </remarks>
public static class RendezvousHash
{
    /// <summary>The key of a worker's name; computed once per worker.</summary>
    public static ulong WorkerKey(string workerId)
    {
        ArgumentNullException.ThrowIfNull(workerId);
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(workerId))
            hash = (hash ^ b) * 1099511628211UL;
        return Mix(hash);
    }

    /// <summary>The key of a story (an adventure's id).</summary>
    public static ulong StoryKey(Guid storyId)
    {
        Span<byte> bytes = stackalloc byte[16];
        storyId.TryWriteBytes(bytes);
        var low = BitConverter.ToUInt64(bytes[..8]);
        var high = BitConverter.ToUInt64(bytes[8..]);
        return Mix(low ^ Mix(high));
    }

    /// <summary>The worker's score for the story; the highest score wins.</summary>
    public static ulong Score(ulong workerKey, ulong storyKey) => Mix(workerKey ^ storyKey);

    /// <summary>
    /// The story's place on [0, 1) for a canary split (<see cref="CanarySplit"/>): uniform over stories and independent
    /// of every worker's score (the story key is salted before mixing), so the canary side is a fair sample.
    /// </summary>
    public static double CanaryPoint(Guid storyId) => (Mix(StoryKey(storyId) ^ CanarySalt) >> 11) * (1.0 / (1UL << 53));

    /// <summary>The golden ratio's bits: any fixed odd constant would do.</summary>
    const ulong CanarySalt = 0x9E3779B97F4A7C15UL;

    /// <summary>MurmurHash3's 64-bit finaliser: every input bit flips each output bit with probability near 1/2.</summary>
    static ulong Mix(ulong x)
    {
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdUL;
        x ^= x >> 33;
        x *= 0xc4ceb9fe1a85ec53UL;
        x ^= x >> 33;
        return x;
    }
}
