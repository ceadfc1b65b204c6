using AdventureServer.Inference.Serving;

namespace AdventureServer.Inference.Tests.Serving;

public class TensorLeakTests
{
    [Test, CancelAfter(240_000)]
    public async Task Live_tensors_stay_flat_over_a_thousand_steps_of_requests_coming_and_going()
    {
        var random = new Random(2);
        await using var worker = TestModels.Worker(TestModels.Create(), slots: 4, queue: 256, chunk: 8);
        var counts = new List<long>();
        long? baseline = null;

        var requests = new List<Task<GenerationResult>>();
        var cancellations = new List<CancellationTokenSource>();
        var sampled = new GenerationRequest { Sampling = new() { Temperature = 0.8f, TopK = 20, TopP = 0.9f, RepetitionPenalty = 1.2f, Seed = 3 } };
        while (worker.Steps < 1_100)
        {
            var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(random.Next(5, 200)));
            cancellations.Add(cancel);
            var request = (random.Next(3) == 0 ? sampled : new GenerationRequest()) with
            {
                PromptTokens = TestModels.RandomPrompt(random, random.Next(1, 40)),
                MaxNewTokens = random.Next(1, 40),
                Key = $"story-{random.Next(6)}",
            };
            requests.Add(worker.Submit(request, random.Next(4) == 0 ? cancel.Token : default).Result);
            await Task.Delay(random.Next(0, 4));
            // The first steps may create what lives as long as the worker (libtorch's lazily made state);
            // from then on every step must give back all it takes.
            if (worker.Steps >= 100)
            {
                baseline ??= worker.LiveTensors;
                counts.Add(worker.LiveTensors);
            }
            if (requests.Count(r => !r.IsCompleted) > 12)
                await Task.WhenAny(requests.Where(r => !r.IsCompleted));
        }
        await Task.WhenAll(requests);
        cancellations.ForEach(c => c.Dispose());
        counts.Add(worker.LiveTensors);

        TestContext.Out.WriteLine($"live tensors after step 100: {baseline}; seen: {string.Join(", ", counts.Distinct())}");
        Assert.That(worker.Steps, Is.GreaterThanOrEqualTo(1_000));
        Assert.That(baseline, Is.GreaterThan(0), "the KV-cache pool lives on the worker's thread");
        Assert.That(counts, Has.All.EqualTo(baseline));
        Assert.That(requests.Select(r => r.Result.FinishReason), Has.None.EqualTo(FinishReason.Error));
        Assert.That(requests.Select(r => r.Result.FinishReason), Has.Some.EqualTo(FinishReason.Cancelled));
    }
}
