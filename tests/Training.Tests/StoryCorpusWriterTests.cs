using AdventureServer.Training.Corpus;

namespace AdventureServer.Training.Tests;

public class StoryCorpusWriterTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("corpus-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void Writes_every_story_once_with_every_twentieth_in_the_validation_file()
    {
        var files = StoryCorpusWriter.Write(_folder, seed: 9, stories: 200);

        var train = Split(File.ReadAllText(files.TrainPath));
        var valid = Split(File.ReadAllText(files.ValidPath));
        var all = StoryCorpusGenerator.Generate(9, 200).ToList();

        Assert.That(files.TrainStories, Is.EqualTo(190));
        Assert.That(files.ValidStories, Is.EqualTo(10));
        Assert.That(train, Is.EqualTo(all.Where((_, i) => i % 20 != 19)));
        Assert.That(valid, Is.EqualTo(all.Where((_, i) => i % 20 == 19)));
    }

    [Test]
    public void The_validation_split_is_disjoint_from_the_training_split()
    {
        var files = StoryCorpusWriter.Write(_folder, seed: 10, stories: 400);

        var train = Split(File.ReadAllText(files.TrainPath));
        var valid = Split(File.ReadAllText(files.ValidPath));

        Assert.That(valid, Is.Not.Empty);
        Assert.That(valid.Intersect(train), Is.Empty);
    }

    [Test]
    public void Every_story_in_a_file_ends_with_end_of_text()
    {
        var files = StoryCorpusWriter.Write(_folder, seed: 11, stories: 40);

        var text = File.ReadAllText(files.TrainPath);

        Assert.That(text, Does.EndWith(StoryCorpusGenerator.EndOfText));
        Assert.That(text.Split(StoryCorpusGenerator.EndOfText).Length - 1, Is.EqualTo(files.TrainStories));
    }

    private static List<string> Split(string text) =>
        text.Split(StoryCorpusGenerator.EndOfText, StringSplitOptions.RemoveEmptyEntries).ToList();
}
