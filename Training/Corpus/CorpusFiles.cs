namespace AdventureServer.Training.Corpus;

/// <summary>What <see cref="StoryCorpusWriter.Write"/> wrote.</summary>
/// <param name="TrainPath">The training file.</param>
/// <param name="ValidPath">The held-out validation file.</param>
/// <param name="TrainStories">Stories in the training file.</param>
/// <param name="ValidStories">Stories in the validation file.</param>
public sealed record CorpusFiles(string TrainPath, string ValidPath, int TrainStories, int ValidStories);
