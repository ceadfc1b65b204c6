using AdventureServer.Training.Corpus;
using AdventureServer.Server.Cli;

namespace AdventureServer.Server.Tests.Cli;

public class CorpusCommandTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Path.Combine(Path.GetTempPath(), "corpus-cli-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void DeleteFolder()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Test]
    public async Task The_corpus_verb_writes_the_train_and_valid_files_for_the_seed()
    {
        var exitCode = await AdventureCommandLine.Create().Parse(["corpus", "--out", _folder, "--stories", "60", "--seed", "4"]).InvokeAsync();

        Assert.That(exitCode, Is.Zero);
        var train = File.ReadAllText(Path.Combine(_folder, StoryCorpusWriter.TrainFileName));
        var valid = File.ReadAllText(Path.Combine(_folder, StoryCorpusWriter.ValidFileName));
        var stories = StoryCorpusGenerator.Generate(4, 60).ToList();
        Assert.That(train, Does.StartWith(stories[0] + StoryCorpusGenerator.EndOfText));
        Assert.That(valid, Does.StartWith(stories[19] + StoryCorpusGenerator.EndOfText));
        Assert.That(train.Split(StoryCorpusGenerator.EndOfText).Length - 1, Is.EqualTo(57));
        Assert.That(valid.Split(StoryCorpusGenerator.EndOfText).Length - 1, Is.EqualTo(3));
    }

    [Test]
    public async Task The_corpus_verb_refuses_a_story_count_below_one()
    {
        var exitCode = await AdventureCommandLine.Create().Parse(["corpus", "--out", _folder, "--stories", "0"]).InvokeAsync();

        Assert.That(exitCode, Is.Not.Zero);
        Assert.That(Directory.Exists(_folder), Is.False);
    }
}
