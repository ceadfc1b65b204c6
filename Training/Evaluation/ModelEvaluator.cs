using AdventureServer.Game.Text;
using AdventureServer.Inference.Checkpoints;
using AdventureServer.Inference.Generation;
using AdventureServer.Inference.Sampling;
using AdventureServer.Inference.Text;
using AdventureServer.Training.Corpus;
using static TorchSharp.torch;

namespace AdventureServer.Training.Evaluation;

/// <summary>
/// Measures a story model the way a player meets it: seeded openings from the corpus generator (a seed the
/// training never used), each followed by its first action line and the line break the game's prompt ends
/// with, continued without any stop or ban so the model's own habits show; plus the validation loss on a
/// corpus folder's <c>valid.txt</c> over fixed batches, so two models measured with the same settings are
/// comparable.
/// </summary>
public static class ModelEvaluator
{
    /// <summary>Measures the model in <paramref name="modelFolder"/>.</summary>
    public static TurnMeasurement Measure(string modelFolder, string dataFolder, EvaluationSettings settings, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var model = CheckpointLoader.Load(modelFolder, CPU, ScalarType.Float32);
        var tokenizer = Gpt2Tokenizer.Shared;
        var generator = new Gpt2Generator(model, tokenizer);
        int narration = 0, withAction = 0;
        for (var i = 0; i < settings.Openings; i++)
        {
            var prompt = Prompt(settings.Seed, i);
            var sampling = new SamplingSettings { Temperature = settings.Temperature, TopP = settings.TopP, Seed = settings.Seed * 1000L + i };
            var text = generator.Generate(tokenizer.Encode(prompt), sampling, [], settings.MaxNewTokens).Text;
            var (answers, hasAction) = Classify(text);
            narration += answers ? 1 : 0;
            withAction += hasAction ? 1 : 0;
            if (log is not null && i < settings.Show)
                log.WriteLine($"--- {i}: {(answers ? "narration" : "no narration")}\n{prompt}{text}");
        }

        var valid = new TokenCorpus(tokenizer.Encode(File.ReadAllText(Path.Combine(dataFolder, StoryCorpusWriter.ValidFileName))));
        var options = new TrainingOptions { DataFolder = dataFolder, OutputFolder = modelFolder, BatchSize = settings.BatchSize, EvalBatches = settings.EvalBatches };
        var loss = Trainer.Evaluate(model, null, valid, options, Math.Min(settings.BlockSize, model.Config.NPositions));
        return new TurnMeasurement(settings.Openings, narration, withAction, loss);
    }

    /// <summary>Opening <paramref name="index"/>: the story's opening and first action, ending with a line break as the game's prompts do.</summary>
    public static string Prompt(int seed, int index)
    {
        var story = StoryCorpusGenerator.Story(seed, index);
        return story.Opening + "\n" + story.Turns[0].Action + "\n";
    }

    /// <summary>
    /// Whether a raw continuation answers in narration (its first line, cut at end-of-text, is a sentence that is
    /// neither a player action nor holds the action marker) and whether it writes an action line anywhere.
    /// </summary>
    public static (bool AnswersInNarration, bool WritesAction) Classify(string continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        var text = ContinuationCleanup.CutAtFirstStop(continuation, []);
        var firstLine = text.Split('\n')[0].Trim();
        var writesAction = ContinuationCleanup.HasActionLine(continuation.Split(ContinuationCleanup.EndOfText)[0], startsLine: true);
        var answers = firstLine.Length > 0 && !firstLine.Contains(ActionFraming.Marker, StringComparison.Ordinal);
        return (answers, writesAction);
    }
}
