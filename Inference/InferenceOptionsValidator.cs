using Microsoft.Extensions.Options;

namespace AdventureServer.Inference;

/// <summary>Refuses settings the worker cannot run with, naming the setting, so a bad appsettings.json fails at start.</summary>
public sealed class InferenceOptionsValidator : IValidateOptions<InferenceOptions>
{
    public ValidateOptionsResult Validate(string? name, InferenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxConcurrentSequences < 0)
            failures.Add($"Inference:MaxConcurrentSequences must be 0 (sized from memory) or positive (is {options.MaxConcurrentSequences}).");
        if (options.MaxContext < 0)
            failures.Add($"Inference:MaxContext must be 0 (the model's window) or positive (is {options.MaxContext}).");
        if (options.QueueCapacity < 0)
            failures.Add($"Inference:QueueCapacity must not be negative (is {options.QueueCapacity}).");
        if (options.PrefillChunkTokens < 1)
            failures.Add($"Inference:PrefillChunkTokens must be at least 1 (is {options.PrefillChunkTokens}).");
        if (options.StepTokenBudget < 0)
            failures.Add($"Inference:StepTokenBudget must be 0 (no budget), positive, or unset (is {options.StepTokenBudget}).");
        if (options.MinPrefillChunkTokens < 1)
            failures.Add($"Inference:MinPrefillChunkTokens must be at least 1 (is {options.MinPrefillChunkTokens}).");
        if (options.MaxPrefillTokensPerStep < 1)
            failures.Add($"Inference:MaxPrefillTokensPerStep must be at least 1 (is {options.MaxPrefillTokensPerStep}).");
        if (options.MaxNewTokensLimit < 1)
            failures.Add($"Inference:MaxNewTokensLimit must be at least 1 (is {options.MaxNewTokensLimit}).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
