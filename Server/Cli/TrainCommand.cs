using System.CommandLine;
using AdventureServer.Inference.Checkpoints;
using AdventureServer.Inference.Devices;
using AdventureServer.Inference.Model;
using AdventureServer.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace AdventureServer.Server.Cli;

/// <summary>
/// <c>train --data DIR --out DIR</c>: trains a GPT-2 from scratch, or fine-tunes one (<c>--init-from</c>),
/// writing resumable checkpoints in the Hugging Face layout.
/// </summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Folder with train.txt and valid.txt, or *.txt stories.", Required = true };
        var output = new Option<string>("--out") { Description = "Checkpoint folder.", Required = true };
        var initFrom = new Option<string?>("--init-from") { Description = "Fine-tune this checkpoint folder instead of training from scratch." };
        var resume = new Option<bool>("--resume") { Description = "Continue from the checkpoint in --out." };
        var fullVocabulary = new Option<bool>("--full-vocabulary") { Description = "Train the output layer over all 50,257 tokens even from scratch (fine-tuning does unless --corpus-vocabulary)." };
        var corpusVocabulary = new Option<bool>("--corpus-vocabulary")
        {
            Description = "Fine-tune with the corpus-vocabulary output layer too: only for a checkpoint this verb trained (the tokens its corpus never used share one row already), never for a real GPT-2.",
        };
        var steps = Int("--steps", "Optimiser steps.", 2000);
        var stopAfter = new Option<int?>("--stop-after-step") { Description = "Stop and save after this step, keeping the --steps schedule (resume later)." };
        var batch = Int("--batch-size", "Sequences per step.", 16);
        var block = Int("--block-size", "Tokens per sequence.", 256);
        var learningRate = Double("--learning-rate", "Peak learning rate.", 1e-3);
        var minLearningRate = Double("--min-learning-rate", "Learning rate at the end of the cosine decay.", 1e-4);
        var warmup = Int("--warmup-steps", "Linear warm-up steps.", 100);
        var weightDecay = Double("--weight-decay", "AdamW weight decay (matrices only).", 0.1);
        var clip = Double("--grad-clip", "Gradient norm clip.", 1.0);
        var evalInterval = Int("--eval-interval", "Validate and save every N steps.", 250);
        var evalBatches = Int("--eval-batches", "Validation batches.", 20);
        var seed = new Option<long>("--seed") { Description = "Seed of the weights and batches.", DefaultValueFactory = _ => 1337 };
        var layers = Int("--n-layer", "Layers of a new model.", 6);
        var heads = Int("--n-head", "Heads of a new model.", 4);
        var width = Int("--n-embd", "Width of a new model.", 128);
        var positions = Int("--n-positions", "Context window of a new model.", 512);
        var export = new Option<string?>("--export") { Description = "Also write the final model here for serving." };
        var exportDType = new Option<string>("--export-dtype") { Description = "float32, float16 or bfloat16.", DefaultValueFactory = _ => "float16" }
            .AcceptOnlyFromAmong("float32", "float16", "bfloat16");

        var command = new Command("train", "Train or fine-tune a GPT-2 on stories.")
        {
            data, output, initFrom, resume, fullVocabulary, corpusVocabulary, steps, stopAfter, batch, block, learningRate, minLearningRate, warmup, weightDecay, clip,
            evalInterval, evalBatches, seed, layers, heads, width, positions, export, exportDType,
        };
        command.SetAction((parse, ct) => Task.Run(() =>
        {
            var options = new TrainingOptions
            {
                DataFolder = parse.GetValue(data)!,
                OutputFolder = parse.GetValue(output)!,
                InitFrom = parse.GetValue(initFrom),
                Resume = parse.GetValue(resume),
                CorpusVocabulary = (parse.GetValue(initFrom) is null || parse.GetValue(corpusVocabulary)) && !parse.GetValue(fullVocabulary),
                Steps = parse.GetValue(steps),
                StopAfterStep = parse.GetValue(stopAfter),
                BatchSize = parse.GetValue(batch),
                BlockSize = parse.GetValue(block),
                LearningRate = parse.GetValue(learningRate),
                MinLearningRate = parse.GetValue(minLearningRate),
                WarmupSteps = parse.GetValue(warmup),
                WeightDecay = parse.GetValue(weightDecay),
                GradientClip = parse.GetValue(clip),
                EvalInterval = parse.GetValue(evalInterval),
                EvalBatches = parse.GetValue(evalBatches),
                Seed = parse.GetValue(seed),
                NewModel = new Gpt2Config
                {
                    NLayer = parse.GetValue(layers), NHead = parse.GetValue(heads),
                    NEmbd = parse.GetValue(width), NPositions = parse.GetValue(positions),
                },
            };
            var state = Trainer.Run(options, Console.Error, ct);
            Console.WriteLine($"Finished at step {state.Step}: train loss {state.TrainLoss:F4}, validation loss {state.ValidLoss:F4}.");
            if (parse.GetValue(export) is { } exportFolder)
            {
                using var model = CheckpointLoader.Load(options.OutputFolder, CPU, ScalarType.Float32);
                CheckpointWriter.Save(model, exportFolder, DeviceResolver.ParseDType(parse.GetValue(exportDType), DeviceType.CPU));
                Console.WriteLine($"Exported to {exportFolder}.");
            }
            return 0;
        }, ct));
        return command;
    }

    static Option<int> Int(string name, string description, int value) =>
        new(name) { Description = description, DefaultValueFactory = _ => value };

    static Option<double> Double(string name, string description, double value) =>
        new(name) { Description = description, DefaultValueFactory = _ => value };
}
