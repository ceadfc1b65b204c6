using System.CommandLine;
using AdventureServer.Training.Corpus;

namespace AdventureServer.Server.Cli;

/// <summary><c>corpus</c>: writes a generated story corpus (<c>train.txt</c>, <c>valid.txt</c>) for training a model.</summary>
public static class CorpusCommand
{
    /// <summary>The verb with its options: <c>--out</c>, <c>--stories</c>, <c>--seed</c>.</summary>
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out")
        {
            Description = "Folder to write train.txt and valid.txt into.",
            Required = true,
        };
        var stories = new Option<int>("--stories")
        {
            Description = "How many stories to generate (every 20th goes to valid.txt).",
            DefaultValueFactory = _ => 20_000,
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Seed; the same seed writes the same corpus.",
            DefaultValueFactory = _ => 1,
        };
        var command = new Command("corpus", "Generate a story corpus in the game's format for training.") { output, stories, seed };
        command.SetAction((parse, _) =>
        {
            var count = parse.GetValue(stories);
            if (count < 1)
            {
                Console.Error.WriteLine("--stories must be at least 1.");
                return Task.FromResult(1);
            }

            var files = StoryCorpusWriter.Write(parse.GetValue(output)!.FullName, parse.GetValue(seed), count);
            Console.WriteLine($"Wrote {files.TrainStories} stories to {files.TrainPath}");
            Console.WriteLine($"Wrote {files.ValidStories} stories to {files.ValidPath}");
            return Task.FromResult(0);
        });
        return command;
    }
}
