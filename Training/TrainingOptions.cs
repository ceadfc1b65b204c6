using AdventureServer.Inference.Model;

namespace AdventureServer.Training;

/// <summary>What the <c>train</c> verb does: data, model, optimiser schedule and where checkpoints go.</summary>
public sealed record TrainingOptions
{
    /// <summary>A folder with <c>train.txt</c> (and <c>valid.txt</c>), or any <c>*.txt</c> files of the operator's own stories.</summary>
    public required string DataFolder { get; init; }

    /// <summary>Where checkpoints are written (Hugging Face layout) together with the optimiser's state.</summary>
    public required string OutputFolder { get; init; }

    /// <summary>A checkpoint folder to fine-tune; null trains <see cref="NewModel"/> from scratch.</summary>
    public string? InitFrom { get; init; }

    /// <summary>The shape of a model trained from scratch.</summary>
    public Gpt2Config NewModel { get; init; } = new() { NLayer = 6, NHead = 4, NEmbd = 128, NPositions = 512 };

    public int Steps { get; init; } = 2000;

    /// <summary>Stops (and saves) after this step, keeping the schedule of <see cref="Steps"/>; resume later to go on.</summary>
    public int? StopAfterStep { get; init; }

    public int BatchSize { get; init; } = 16;

    /// <summary>Tokens per training sequence (at most the model's window).</summary>
    public int BlockSize { get; init; } = 256;

    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Where the cosine decay ends.</summary>
    public double MinLearningRate { get; init; } = 1e-4;

    public int WarmupSteps { get; init; } = 100;

    public double WeightDecay { get; init; } = 0.1;

    public double GradientClip { get; init; } = 1.0;

    /// <summary>Validate and save a checkpoint every this many steps (and at the end).</summary>
    public int EvalInterval { get; init; } = 250;

    /// <summary>Validation batches per evaluation.</summary>
    public int EvalBatches { get; init; } = 20;

    public long Seed { get; init; } = 1337;

    /// <summary>
    /// Train the output layer over the tokens the corpus uses (see <see cref="CorpusVocabularyHead"/>):
    /// exact, and many times cheaper, for a model trained from scratch on a narrow corpus.
    /// </summary>
    public bool CorpusVocabulary { get; init; }

    /// <summary>Continue from the checkpoint and optimiser state in <see cref="OutputFolder"/>.</summary>
    public bool Resume { get; init; }
}
