using AdventureServer.Inference.Sampling;

namespace AdventureServer.Inference.Serving.Batching;

/// <summary>
/// Who holds which row of the pool. Decoding sequences always occupy rows 0..<see cref="DecodingCount"/>−1
/// (so a decode step reads one narrow() view); prefilling sequences, prefix entries and free rows are
/// above. Rows change hands by swapping their cached positions in the pool, and their sampling settings with them.
/// </summary>
internal sealed class RowTable(KeyValueCachePool pool, SamplingRows sampling)
{
    readonly RowOccupant?[] _owners = new RowOccupant?[pool.Slots];

    public int DecodingCount { get; private set; }

    public RowOccupant? this[int row] => _owners[row];

    /// <summary>Positions cached by every occupant.</summary>
    public long UsedPositions => _owners.Sum(o => (long)(o?.CachedLength ?? 0));

    /// <summary>The rows nobody holds, lowest first.</summary>
    public List<int> FreeRows() => Enumerable.Range(0, _owners.Length).Where(row => _owners[row] is null).ToList();

    public void Assign(int row, RowOccupant occupant)
    {
        _owners[row] = occupant;
        occupant.Row = row;
    }

    public void Release(int row)
    {
        if (_owners[row] is { } occupant)
            occupant.Row = -1;
        _owners[row] = null;
    }

    /// <summary>Moves a sequence whose prompt is cached into the decoding rows. Call inside a dispose scope.</summary>
    public void StartDecoding(Sequence sequence)
    {
        Swap(sequence.Row, DecodingCount);
        DecodingCount++;
    }

    /// <summary>
    /// Takes a decoding sequence out of the decoding rows, keeping its cached positions in the row it ends
    /// up in (the last decoding row's old place). Call inside a dispose scope.
    /// </summary>
    public void StopDecoding(Sequence sequence)
    {
        Swap(sequence.Row, DecodingCount - 1);
        DecodingCount--;
    }

    void Swap(int a, int b)
    {
        if (a == b)
            return;
        var (first, second) = (_owners[a], _owners[b]);
        pool.Swap(a, first?.CachedLength ?? 0, b, second?.CachedLength ?? 0);
        sampling.Swap(a, b);
        _owners[a] = second;
        _owners[b] = first;
        if (first is not null)
            first.Row = b;
        if (second is not null)
            second.Row = a;
    }
}
