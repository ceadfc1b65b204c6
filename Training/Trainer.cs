using System.Globalization;
using AdventureServer.Inference.Checkpoints;
using AdventureServer.Inference.Model;
using AdventureServer.Inference.Text;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdventureServer.Training;

/// <summary>
/// Trains (or fine-tunes) a GPT-2 on the CPU with a causal language-modelling loss: AdamW, warm-up and
/// cosine decay, gradient clipping, periodic validation, and resumable checkpoints in the Hugging Face layout.
/// </summary>
public static class Trainer
{
    const string OptimizerFile = "optimizer.bin";

    /// <summary>Runs <paramref name="options"/> to its last step (or until cancelled) and returns where it ended.</summary>
    public static TrainingState Run(TrainingOptions options, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var (train, valid) = TokenCorpus.Load(options.DataFolder, Gpt2Tokenizer.Shared);
        output.WriteLine($"Training on {train.Length:N0} tokens, validating on {valid.Length:N0}.");

        var resumed = options.Resume ? TrainingState.Load(options.OutputFolder) : null;
        using var model = resumed is not null ? CheckpointLoader.Load(options.OutputFolder, CPU, ScalarType.Float32)
            : options.InitFrom is not null ? CheckpointLoader.Load(options.InitFrom, CPU, ScalarType.Float32)
            : new Gpt2Model(options.NewModel).InitialiseRandomly(options.Seed);
        var block = Math.Min(options.BlockSize, model.Config.NPositions);
        using var head = options.CorpusVocabulary ? new CorpusVocabularyHead(model, train.Tokens.Concat(valid.Tokens)) : null;
        if (head is not null)
            output.WriteLine($"The corpus uses {head.UsedCount:N0} of {model.Config.VocabSize:N0} tokens; the rest share one output row.");
        using var optimizer = CreateOptimizer(model, head, options);
        if (resumed is not null)
        {
            optimizer.load_state_dict(Path.Combine(options.OutputFolder, OptimizerFile));
            output.WriteLine($"Resuming at step {resumed.Step}.");
        }

        var state = resumed ?? new TrainingState { Seed = options.Seed, ValidLoss = double.NaN };
        var progress = new TrainingProgress(output, options.Steps);
        model.train();
        var last = Math.Min(options.Steps, options.StopAfterStep ?? options.Steps);
        for (var step = state.Step; step < last && !cancellationToken.IsCancellationRequested; step++)
        {
            var learningRate = LearningRateSchedule.At(step, options);
            var loss = TrainStep(model, head, optimizer, train, options, block, step, learningRate);
            state = state with { Step = step + 1, TrainLoss = loss, TokensSeen = state.TokensSeen + (long)options.BatchSize * block };
            progress.Step(step + 1, loss, learningRate, (long)options.BatchSize * block);

            if ((step + 1) % options.EvalInterval == 0 || step + 1 == options.Steps)
            {
                state = state with { ValidLoss = Evaluate(model, head, valid, options, block) };
                progress.Line(string.Create(CultureInfo.InvariantCulture, $"step {state.Step}: train loss {state.TrainLoss:F4}, validation loss {state.ValidLoss:F4}"));
                Save(model, head, optimizer, state, options.OutputFolder);
            }
        }
        if (cancellationToken.IsCancellationRequested || (last < options.Steps && state.Step % options.EvalInterval != 0))
            Save(model, head, optimizer, state, options.OutputFolder);
        return state;
    }

    static double TrainStep(Gpt2Model model, CorpusVocabularyHead? head, AdamW optimizer, TokenCorpus train, TrainingOptions options, int block, int step, double learningRate)
    {
        using var scope = NewDisposeScope();
        var (inputs, targets) = train.Batch(options.BatchSize, block, options.Seed * 1_000_003 + step);
        var loss = Loss(model, head, inputs, targets);
        optimizer.zero_grad();
        loss.backward();
        nn.utils.clip_grad_norm_(optimizer.parameters(), options.GradientClip);
        foreach (var group in optimizer.ParamGroups)
            group.LearningRate = learningRate;
        optimizer.step();
        return loss.item<float>();
    }

    /// <summary>Mean validation loss over fixed batches (the same batches at every evaluation).</summary>
    public static double Evaluate(Gpt2Model model, CorpusVocabularyHead? head, TokenCorpus valid, TrainingOptions options, int block)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(valid);
        ArgumentNullException.ThrowIfNull(options);
        model.eval();
        using var _ = no_grad();
        var total = 0.0;
        for (var batch = 0; batch < options.EvalBatches; batch++)
        {
            using var scope = NewDisposeScope();
            var (inputs, targets) = valid.Batch(options.BatchSize, block, -1 - batch);
            total += Loss(model, head, inputs, targets).item<float>();
        }
        model.train();
        return total / options.EvalBatches;
    }

    static Tensor Loss(Gpt2Model model, CorpusVocabularyHead? head, Tensor inputs, Tensor targets)
    {
        var positions = model.Positions(0, inputs.shape[1]);
        var logits = head is null ? model.Forward(inputs, positions) // (B, T, V)
            : head.Logits(model, model.Hidden(inputs, positions));   // (B, T, K + 1)
        if (head is not null)
            targets = head.Targets(targets);
        return nn.functional.cross_entropy(logits.view(-1, logits.shape[^1]), targets.view(-1));
    }

    // Weight decay on matrices only, as GPT-2 was trained: biases and LayerNorm gains are left alone.
    static AdamW CreateOptimizer(Gpt2Model model, CorpusVocabularyHead? head, TrainingOptions options)
    {
        var parameters = model.named_parameters().ToList();
        // The shared row of unused tokens is a row of the embedding matrix, so it decays like one.
        var decayed = parameters.Where(p => p.parameter.dim() >= 2).Select(p => p.parameter)
            .Concat(head is null ? [] : [head.Other]);
        var plain = parameters.Where(p => p.parameter.dim() < 2).Select(p => p.parameter);
        return optim.AdamW(
            [
                new AdamW.ParamGroup(decayed, options.LearningRate, 0.9, 0.95, 1e-8, options.WeightDecay, false, false),
                new AdamW.ParamGroup(plain, options.LearningRate, 0.9, 0.95, 1e-8, 0, false, false),
            ],
            options.LearningRate);
    }

    static void Save(Gpt2Model model, CorpusVocabularyHead? head, AdamW optimizer, TrainingState state, string folder)
    {
        head?.WriteInto(model);
        CheckpointWriter.Save(model, folder);
        optimizer.save_state_dict(Path.Combine(folder, OptimizerFile));
        state.Save(folder);
    }
}
