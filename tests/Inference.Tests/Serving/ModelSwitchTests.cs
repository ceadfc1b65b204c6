using AdventureServer.Inference.Checkpoints;
using AdventureServer.Inference.Loading;
using AdventureServer.Inference.Model;
using AdventureServer.Inference.Serving;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdventureServer.Inference.Tests.Serving;

[NonParallelizable]
public class ModelSwitchTests
{
    string _first = "", _second = "";

    [OneTimeSetUp]
    public void SaveTwoModels()
    {
        _first = SaveModel("first-model", seed: 1);
        _second = SaveModel("second-model", seed: 2);
    }

    [OneTimeTearDown]
    public void DeleteModels()
    {
        Directory.Delete(Path.GetDirectoryName(_first)!, recursive: true);
        Directory.Delete(Path.GetDirectoryName(_second)!, recursive: true);
    }

    [Test, CancelAfter(120_000)]
    public async Task A_switch_under_load_drops_nothing_and_every_request_finishes_on_exactly_one_model()
    {
        var started = new List<InferenceWorker>();
        await using var host = new ModelHost(Options(_first), options =>
        {
            var loaded = ModelLoader.Load(options);
            var worker = new InferenceWorker(loaded.Model, loaded.Tokenizer, options, loaded.Name);
            lock (started)
                started.Add(worker);
            return worker;
        }, NullLogger<ModelHost>.Instance);

        var before = Enumerable.Range(0, 6).Select(i => Submit(host, i)).ToList();
        await host.SwitchAsync(_second);
        var after = Enumerable.Range(6, 6).Select(i => Submit(host, i)).ToList();
        var results = await Task.WhenAll(before.Concat(after));

        Assert.That(results.Select(r => r.FinishReason), Is.All.AnyOf(FinishReason.Length, FinishReason.Eos));
        Assert.That(results.Take(6).Select(r => r.ModelName), Is.All.EqualTo("first-model"));
        Assert.That(results.Skip(6).Select(r => r.ModelName), Is.All.EqualTo("second-model"));
        Assert.That(host.ModelName, Is.EqualTo("second-model"));
        Assert.That(started, Has.Count.EqualTo(2));
        await WaitUntil(() => host.Retiring == 0);
        Assert.That(() => started[0].Submit(new GenerationRequest { PromptText = "x" }), Throws.InstanceOf<ObjectDisposedException>(),
            "the replaced model's engine is stopped once its last request ended");
    }

    [Test, CancelAfter(120_000)]
    public async Task A_model_that_fails_to_load_leaves_the_current_one_serving()
    {
        await using var host = new ModelHost(Options(_first), options =>
        {
            var loaded = ModelLoader.Load(options);
            return new InferenceWorker(loaded.Model, loaded.Tokenizer, options, loaded.Name);
        }, NullLogger<ModelHost>.Instance);

        Assert.That(async () => await host.SwitchAsync("/no/such/model"), Throws.InstanceOf<CheckpointException>());
        var result = await Submit(host, 0);

        Assert.That(result.ModelName, Is.EqualTo("first-model"));
        Assert.That(result.FinishReason, Is.AnyOf(FinishReason.Length, FinishReason.Eos));
    }

    static async Task<GenerationResult> Submit(ModelHost host, int i)
    {
        var stream = host.Submit(new GenerationRequest { PromptTokens = [10 + i, 20, 30], MaxNewTokens = 8, Key = $"adventure-{i % 3}" });
        await foreach (var _ in stream.Deltas.ReadAllAsync())
        {
        }
        return await stream.Result;
    }

    static InferenceOptions Options(string model) =>
        new() { Model = model, Device = "cpu", MaxConcurrentSequences = 2, QueueCapacity = 32, MaxContext = 64 };

    static string SaveModel(string name, long seed)
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("model-switch-").FullName, name);
        using var model = TinyModels.Random(seed);
        CheckpointWriter.Save(model, folder);
        return folder;
    }

    static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
            await Task.Delay(50);
        Assert.That(condition(), Is.True);
    }
}
