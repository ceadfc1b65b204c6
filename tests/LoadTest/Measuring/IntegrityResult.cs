namespace AdventureServer.LoadTest.Measuring;

/// <summary>
/// What the integrity check found: errors (each a sentence), streams compared, streams it could not compare, and
/// which model wrote the party's continuations (<see cref="ModelAttribution"/>).
/// </summary>
public sealed record IntegrityResult(IReadOnlyList<string> Errors, int StreamsChecked, int StreamsSkipped)
{
    public ModelAttribution Models { get; init; } = ModelAttribution.None;
}
