using AdventureServer.Inference.Serving;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AdventureServer.Inference.Tests.Serving;

public class AddInferenceTests
{
    static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddInference().BuildServiceProvider();
    }

    [Test]
    public void The_options_come_from_the_inference_section()
    {
        using var services = Services(new() { ["Inference:RandomWeights"] = "gpt2", ["Inference:MaxConcurrentSequences"] = "3", ["Inference:PrefillChunkTokens"] = "32" });

        var options = services.GetRequiredService<IOptions<InferenceOptions>>().Value;

        Assert.That(options.MaxConcurrentSequences, Is.EqualTo(3));
        Assert.That(options.PrefillChunkTokens, Is.EqualTo(32));
    }

    [TestCase("MaxConcurrentSequences", "-1")]
    [TestCase("StepTokenBudget", "-1")]
    [TestCase("MinPrefillChunkTokens", "0")]
    [TestCase("MaxPrefillTokensPerStep", "0")]
    public void Settings_the_worker_cannot_run_with_are_refused_with_their_names(string setting, string value)
    {
        using var services = Services(new() { ["Inference:RandomWeights"] = "gpt2", [$"Inference:{setting}"] = value });

        Assert.That(() => services.GetRequiredService<IOptions<InferenceOptions>>().Value,
            Throws.TypeOf<OptionsValidationException>().With.Message.Contains(setting));
    }

    [Test]
    public void The_step_token_budget_may_be_set_to_none_or_left_to_the_device()
    {
        using var none = Services(new() { ["Inference:RandomWeights"] = "gpt2", ["Inference:StepTokenBudget"] = "0" });
        using var unset = Services(new() { ["Inference:RandomWeights"] = "gpt2" });

        Assert.That(none.GetRequiredService<IOptions<InferenceOptions>>().Value.StepTokenBudget, Is.EqualTo(0));
        Assert.That(unset.GetRequiredService<IOptions<InferenceOptions>>().Value.StepTokenBudget, Is.Null);
    }

    [Test]
    public void Left_unset_the_step_token_budget_is_32_on_the_cpu_and_none_on_a_gpu()
    {
        Assert.That(InferenceOptions.StepTokenBudgetFor(null, onCpu: true), Is.EqualTo(32));
        Assert.That(InferenceOptions.StepTokenBudgetFor(null, onCpu: false), Is.EqualTo(0));
        Assert.That(InferenceOptions.StepTokenBudgetFor(100, onCpu: true), Is.EqualTo(100), "a configured budget wins");
    }

    [Test, CancelAfter(120_000)]
    public async Task The_text_generator_is_the_model_host_over_one_shared_worker()
    {
        await using var services = Services(new() { ["Inference:RandomWeights"] = "gpt2", ["Inference:Device"] = "cpu", ["Inference:MaxContext"] = "64", ["Inference:MaxConcurrentSequences"] = "2" });

        var generator = services.GetRequiredService<ITextGenerator>();
        var result = await generator.Submit(new GenerationRequest { PromptText = "The dragon", MaxNewTokens = 3 }).Result;

        Assert.That(generator, Is.SameAs(services.GetRequiredService<ModelHost>()));
        Assert.That(result.ModelName, Is.EqualTo("random:gpt2"));
        Assert.That(generator.ContextWindow, Is.EqualTo(64));
        Assert.That(result.FinishReason, Is.AnyOf(FinishReason.Length, FinishReason.Eos));
        Assert.That(result.CompletionTokens, Is.InRange(0, 3));
        Assert.That(result.PromptTokens, Is.EqualTo(generator.CountTokens("The dragon")));
    }
}
