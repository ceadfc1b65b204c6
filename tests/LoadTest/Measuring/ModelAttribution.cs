namespace AdventureServer.LoadTest.Measuring;

/// <summary>
/// Which model wrote each continuation a party saw end (each block's each attempt counted once, however many members
/// saw it): <see cref="ByModel"/> counts those whose end named one model; <see cref="Changed"/> those whose members
/// were told different models (the model changed under the continuation as far as the players can tell);
/// <see cref="Unattributed"/> those with text whose end named no model (the server could not name one model for the
/// whole text, or the end was only read from a snapshot, which names none).
/// </summary>
public sealed record ModelAttribution(IReadOnlyDictionary<string, int> ByModel, int Changed, int Unattributed)
{
    public static ModelAttribution None { get; } = new(new Dictionary<string, int>(), 0, 0);

    /// <summary>The parties' figures added up.</summary>
    public static ModelAttribution Sum(IEnumerable<ModelAttribution> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var byModel = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int changed = 0, unattributed = 0;
        foreach (var part in parts)
        {
            foreach (var (model, count) in part.ByModel)
                byModel[model] = byModel.GetValueOrDefault(model) + count;
            changed += part.Changed;
            unattributed += part.Unattributed;
        }
        return new ModelAttribution(byModel, changed, unattributed);
    }
}
