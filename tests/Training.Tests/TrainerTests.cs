using AdventureServer.Inference.Checkpoints;
using AdventureServer.Inference.Model;
using AdventureServer.Training;
using AdventureServer.Training.Corpus;
using static TorchSharp.torch;

namespace AdventureServer.Training.Tests;

[NonParallelizable]
public class TrainerTests
{
    string _data = "";

    [OneTimeSetUp]
    public void WriteCorpus()
    {
        _data = Directory.CreateTempSubdirectory("trainer-data-").FullName;
        StoryCorpusWriter.Write(_data, seed: 3, stories: 60);
    }

    [OneTimeTearDown]
    public void DeleteCorpus() => Directory.Delete(_data, recursive: true);

    [Test, CancelAfter(300_000)]
    public void Training_a_tiny_model_for_a_few_steps_lowers_the_validation_loss()
    {
        using var output = new TempFolder();

        var first = Trainer.Run(Options(output.Path, steps: 1), TextWriter.Null);
        var later = Trainer.Run(Options(output.Path, steps: 30) with { Resume = true }, TextWriter.Null);

        Assert.That(later.Step, Is.EqualTo(30));
        Assert.That(later.ValidLoss, Is.LessThan(first.ValidLoss - 0.5));
    }

    [Test, CancelAfter(300_000)]
    public void A_checkpoint_written_by_training_loads_back_with_identical_logits()
    {
        using var output = new TempFolder();
        Trainer.Run(Options(output.Path, steps: 4), TextWriter.Null);
        using var loaded = CheckpointLoader.Load(output.Path, CPU, ScalarType.Float32);
        using var again = new TempFolder(Path.Combine(output.Path, "again"));
        CheckpointWriter.Save(loaded, again.Path);
        using var reloaded = CheckpointLoader.Load(again.Path, CPU, ScalarType.Float32);

        using var ids = tensor(new long[] { 464, 3290, 1110, 13, 198, 29, 921 }).unsqueeze(0);
        using var positions = loaded.Positions(0, 7);
        using var _ = no_grad();
        loaded.eval();
        reloaded.eval();
        using var expected = loaded.Forward(ids, positions);
        using var actual = reloaded.Forward(ids, positions);

        Assert.That(actual.eq(expected).all().item<bool>(), Is.True);
    }

    [Test, CancelAfter(300_000)]
    public void Resuming_continues_from_the_saved_step_and_ends_where_an_uninterrupted_run_ends()
    {
        using var straight = new TempFolder();
        using var interrupted = new TempFolder();

        var whole = Trainer.Run(Options(straight.Path, steps: 6), TextWriter.Null);
        var half = Trainer.Run(Options(interrupted.Path, steps: 6) with { StopAfterStep = 3 }, TextWriter.Null);
        var resumed = Trainer.Run(Options(interrupted.Path, steps: 6) with { Resume = true }, TextWriter.Null);

        Assert.That(half.Step, Is.EqualTo(3));
        Assert.That(resumed.Step, Is.EqualTo(6));
        Assert.That(resumed.TrainLoss, Is.EqualTo(whole.TrainLoss).Within(1e-3));
    }

    [Test]
    public void The_corpus_vocabulary_head_gives_the_saved_model_the_same_loss_as_in_training()
    {
        using var model = new Gpt2Model(new Gpt2Config { NLayer = 1, NHead = 2, NEmbd = 32, NPositions = 32 }).InitialiseRandomly(5);
        int[] corpus = [10, 20, 30, 40, 10, 20, 50, 60];
        using var head = new CorpusVocabularyHead(model, corpus);
        using var _ = no_grad();
        using var ids = tensor(new long[] { 10, 20, 30, 40, 10, 20, 50 }).unsqueeze(0);
        using var targets = tensor(new long[] { 20, 30, 40, 10, 20, 50, 60 }).unsqueeze(0);
        using var positions = model.Positions(0, 7);

        model.eval();
        using var restricted = head.Logits(model, model.Hidden(ids, positions));
        using var trainingLoss = nn.functional.cross_entropy(restricted.view(-1, restricted.shape[^1]), head.Targets(targets).view(-1));
        head.WriteInto(model);
        using var full = model.Forward(ids, positions);
        using var fullLoss = nn.functional.cross_entropy(full.view(-1, full.shape[^1]), targets.view(-1));

        Assert.That(fullLoss.item<float>(), Is.EqualTo(trainingLoss.item<float>()).Within(1e-4));
    }

    TrainingOptions Options(string output, int steps) => new()
    {
        DataFolder = _data,
        OutputFolder = output,
        NewModel = new Gpt2Config { NLayer = 1, NHead = 2, NEmbd = 32, NPositions = 64 },
        CorpusVocabulary = true,
        Steps = steps,
        BatchSize = 4,
        BlockSize = 32,
        LearningRate = 3e-3,
        MinLearningRate = 3e-4,
        WarmupSteps = 2,
        EvalInterval = 1000,
        EvalBatches = 4,
        Seed = 11,
    };

    sealed class TempFolder(string? path = null) : IDisposable
    {
        public string Path { get; } = path ?? Directory.CreateTempSubdirectory("trainer-").FullName;

        public void Dispose()
        {
            if (Directory.Exists(Path))
                Directory.Delete(Path, recursive: true);
        }
    }
}
