using System.Text;

namespace AdventureServer.Training.Corpus;

/// <summary>Writes a generated corpus as <c>train.txt</c> and <c>valid.txt</c>, each story followed by <c>&lt;|endoftext|&gt;</c>.</summary>
public static class StoryCorpusWriter
{
    /// <summary>The training file's name.</summary>
    public const string TrainFileName = "train.txt";

    /// <summary>The validation file's name.</summary>
    public const string ValidFileName = "valid.txt";

    /// <summary>
    /// Writes <paramref name="stories"/> stories for <paramref name="seed"/>; every <paramref name="validEvery"/>-th
    /// story (by index) goes to the validation file and no other file, so validation loss measures text the model
    /// has not seen.
    /// </summary>
    public static CorpusFiles Write(string folder, int seed, int stories, int validEvery = 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(validEvery, 2);
        Directory.CreateDirectory(folder);
        var trainPath = Path.Combine(folder, TrainFileName);
        var validPath = Path.Combine(folder, ValidFileName);
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        using var train = new StreamWriter(trainPath, append: false, utf8) { NewLine = "\n" };
        using var valid = new StreamWriter(validPath, append: false, utf8) { NewLine = "\n" };
        int trainCount = 0, validCount = 0;
        var index = 0;
        foreach (var text in StoryCorpusGenerator.Generate(seed, stories))
        {
            var writer = train;
            if (IsValidation(index++, validEvery))
            {
                writer = valid;
                validCount++;
            }
            else
            {
                trainCount++;
            }

            // No newline after the separator: GPT-2 documents are joined exactly like this.
            writer.Write(text);
            writer.Write(StoryCorpusGenerator.EndOfText);
        }

        return new CorpusFiles(trainPath, validPath, trainCount, validCount);
    }

    /// <summary>Whether story <paramref name="index"/> belongs to the validation split.</summary>
    public static bool IsValidation(int index, int validEvery) => index % validEvery == validEvery - 1;
}
