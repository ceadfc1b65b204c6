namespace AdventureServer.LoadTest.Measuring;

/// <summary>What the integrity check found: errors (each a sentence), streams compared, and streams it could not compare.</summary>
public sealed record IntegrityResult(IReadOnlyList<string> Errors, int StreamsChecked, int StreamsSkipped);
