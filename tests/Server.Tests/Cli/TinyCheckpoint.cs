using AdventureServer.Inference.Checkpoints;
using AdventureServer.Inference.Model;

namespace AdventureServer.Server.Tests.Cli;

/// <summary>A one-layer random GPT-2 saved as a Hugging Face folder, for the verbs that load a model.</summary>
internal static class TinyCheckpoint
{
    /// <returns>A new temporary folder holding the checkpoint; the caller deletes it.</returns>
    public static string Save(string name)
    {
        var folder = Directory.CreateTempSubdirectory(name + "-").FullName;
        using var model = new Gpt2Model(new Gpt2Config { NLayer = 1, NHead = 2, NEmbd = 32, NPositions = 64 }).InitialiseRandomly(3);
        CheckpointWriter.Save(model, folder);
        return folder;
    }
}
