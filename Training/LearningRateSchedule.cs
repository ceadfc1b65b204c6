namespace AdventureServer.Training;

/// <summary>Linear warm-up, then cosine decay to the minimum (as nanoGPT trains GPT-2).</summary>
public static class LearningRateSchedule
{
    public static double At(int step, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (step < options.WarmupSteps)
            return options.LearningRate * (step + 1) / options.WarmupSteps;
        if (step >= options.Steps)
            return options.MinLearningRate;
        var progress = (double)(step - options.WarmupSteps) / Math.Max(1, options.Steps - options.WarmupSteps);
        return options.MinLearningRate + 0.5 * (1 + Math.Cos(Math.PI * progress)) * (options.LearningRate - options.MinLearningRate);
    }
}
