using System.Collections.Concurrent;

namespace AdventureServer.Server.Streaming;

/// <summary>
/// Each adventure's version as the clients see it: a number that grows with every stored change, so a client
/// can drop a snapshot that a later change overtook on its way. Changes are numbered in the order they were
/// stored (<see cref="CommitAsync"/> holds the adventure's gate around the save and the numbering), and a
/// snapshot takes <see cref="Current"/> before it reads the story, so it holds at least that version's state.
/// A process starts each adventure's numbers at the current time in microseconds, which is above any number
/// an earlier process handed out (it would have needed more than one change a microsecond), so the versions
/// keep growing across restarts without being stored.
/// </summary>
public sealed class StoryVersions(TimeProvider time)
{
    readonly ConcurrentDictionary<Guid, Gate> _gates = new();

    /// <summary>The version of the last change stored (or the starting number when none was stored yet).</summary>
    public long Current(Guid adventureId) => Volatile.Read(ref GateOf(adventureId).Version);

    /// <summary>Runs <paramref name="save"/> and numbers it, no other change of the adventure in between; returns the new version.</summary>
    public async Task<long> CommitAsync(Guid adventureId, Func<Task> save)
    {
        ArgumentNullException.ThrowIfNull(save);
        var gate = GateOf(adventureId);
        await gate.Lock.WaitAsync();
        try
        {
            await save();
            return Interlocked.Increment(ref gate.Version);
        }
        finally
        {
            gate.Lock.Release();
        }
    }

    Gate GateOf(Guid adventureId) => _gates.GetOrAdd(adventureId, _ => new Gate(time.GetUtcNow().ToUnixTimeMilliseconds() * 1000));

    sealed class Gate(long start)
    {
        public readonly SemaphoreSlim Lock = new(1, 1);
        public long Version = start;
    }
}
