namespace AdventureServer.Server.Workers;

/// <summary>
/// An inference worker's engine, as the front-ends reach it: keyed by the worker's node name and placed on that
/// node (see <see cref="NamedSiloAttribute"/>). The stream is an Orleans <see cref="IAsyncEnumerable{T}"/>: the front-end
/// pulls deltas as they are decoded, and stopping the enumeration (a player's Stop, a closed adventure) cancels the
/// generation on the worker. Chosen over Orleans streams because a turn has one reader and a natural end, needs
/// no persistent stream provider, and its failure (the worker's node dying) surfaces as an exception in the
/// reader, where the front-end fails over.
/// </summary>
public interface IWorkerGrain : IGrainWithStringKey
{
    /// <summary>Generates on this worker; deltas, then one result.</summary>
    IAsyncEnumerable<WorkerEvent> Generate(WorkerRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Loads <paramref name="model"/> and serves it from now on (turns already running finish on the old model);
    /// returns the new model's name. A model that fails to load leaves the old one serving and the error is thrown.
    /// </summary>
    Task<string> SwitchModel(string model);
}
