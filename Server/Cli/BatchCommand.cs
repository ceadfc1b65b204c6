using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AdventureServer.Inference;
using AdventureServer.Inference.Loading;
using AdventureServer.Inference.Model;
using AdventureServer.Inference.Serving;
using AdventureServer.Server.Api;

namespace AdventureServer.Server.Cli;

/// <summary>
/// <c>batch</c>: offline batch prediction. Reads OpenAI batch input JSONL (<c>custom_id</c>, <c>url</c>, <c>body</c>),
/// runs the requests through the continuous-batching worker with all its rows busy, and appends OpenAI batch output
/// JSONL. Run again on the same files after an interruption, it keeps the answers already written and runs the rest.
/// </summary>
public static class BatchCommand
{
    static readonly Option<FileInfo> Input = new("--input") { Description = "OpenAI batch input JSONL: {\"custom_id\", \"method\", \"url\", \"body\"} per line.", Required = true };
    static readonly Option<FileInfo> Output = new("--output") { Description = "OpenAI batch output JSONL; appended to, so an interrupted run resumes.", Required = true };
    static readonly Option<int> Rows = new("--rows") { Description = "Sequences the worker decodes at once.", DefaultValueFactory = _ => 16 };
    static readonly Option<bool> Compare = new("--compare-one-at-a-time")
    {
        Description = "After the batch, run the same requests one at a time through the same worker (nothing written) and print both throughputs.",
    };

    public static Command Create()
    {
        var model = new ModelSelectionOptions();
        var command = new Command("batch", "Run an OpenAI batch input file (completions and chat completions) through the worker and write the results as JSONL.")
        {
            Input, Output, Rows, Compare,
        };
        model.AddTo(command);
        command.SetAction((parse, ct) => RunAsync(model.ToInferenceOptions(parse), parse.GetValue(Input)!, parse.GetValue(Output)!,
            parse.GetValue(Rows), parse.GetValue(Compare), ct));
        return command;
    }

    static async Task<int> RunAsync(InferenceOptions options, FileInfo input, FileInfo output, int rows, bool compare, CancellationToken cancellationToken)
    {
        if (rows < 1)
        {
            await Console.Error.WriteLineAsync("batch: --rows must be at least 1.");
            return 1;
        }
        List<(int Line, BatchInputLine Input)> lines;
        HashSet<string> done;
        LoadedModel loaded;
        try
        {
            lines = BatchFiles.ReadInput(input.FullName);
            done = BatchFiles.ReadDone(output.FullName);
            loaded = ModelLoader.Load(options);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or CheckpointException or ArgumentException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"batch: {e.Message}");
            return 1;
        }
        using var _ = loaded;
        var window = loaded.Model.Config.NPositions;
        var api = new ApiOptions { MaxTokensCap = window, DefaultMaxTokens = new ApiOptions().DefaultMaxTokens };
        var todo = lines.Where(l => !done.Contains(l.Input.CustomId!)).ToList();

        options.MaxConcurrentSequences = rows;
        options.QueueCapacity = rows * 2;
        options.MaxNewTokensLimit = window;
        await using var worker = new InferenceWorker(loaded.Model, loaded.Tokenizer, options, loaded.Name, ownsModel: false);
        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"batch: {lines.Count} requests in {input.Name}, {done.Count} already in {output.Name}, {todo.Count} to run on {loaded.Name} ({loaded.Target.DeviceName} {loaded.Target.DTypeName}), {rows} rows"));

        var progress = new BatchProgress(lines.Count, lines.Count - todo.Count);
        await using var file = new StreamWriter(new FileStream(output.FullName, FileMode.Append, FileAccess.Write, FileShare.Read));
        async Task WriteAsync(BatchOutputLine line, int tokens)
        {
            // Each answer is flushed as it comes, so an interruption loses only the requests still running.
            await file.WriteAsync(JsonSerializer.Serialize(line) + "\n");
            await file.FlushAsync(cancellationToken);
            progress.Completed(tokens);
        }

        var requests = new List<BatchRequest>();
        foreach (var (_, line) in todo)
        {
            var (request, problem) = BatchRequest.From(line, api, window);
            if (request is not null)
                requests.Add(request);
            else
                await WriteAsync(BatchRunner.Error(Guid.NewGuid().ToString("N"), line.CustomId!, problem!), 0);
        }
        // One short generation first, so one-time costs (thread start, a first pass at a shape) stay out of the figures.
        await worker.Submit(new GenerationRequest { PromptTokens = [loaded.Tokenizer.Encode("You").FirstOrDefault()], MaxNewTokens = 2 }, cancellationToken).Result;
        var batched = await BatchRunner.RunAsync(worker, requests, rows * 2, WriteAsync, cancellationToken);
        progress.Finish();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"batch: {batched.Requests} requests, {batched.PromptTokens} prompt + {batched.CompletionTokens} new tokens in {batched.Seconds:F2} s: {batched.TokensPerSecond:F1} new tokens/s"));
        if (!compare || requests.Count == 0)
            return 0;

        var alone = await BatchRunner.RunAsync(worker, requests, 1, (_, _) => Task.CompletedTask, cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"one at a time: {alone.Requests} requests, {alone.CompletionTokens} new tokens in {alone.Seconds:F2} s: {alone.TokensPerSecond:F1} new tokens/s; batch speedup {batched.TokensPerSecond / Math.Max(alone.TokensPerSecond, 1e-9):F2}x"));
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            requests = batched.Requests,
            batch_tokens_per_s = Math.Round(batched.TokensPerSecond, 1),
            one_at_a_time_tokens_per_s = Math.Round(alone.TokensPerSecond, 1),
            speedup = Math.Round(batched.TokensPerSecond / Math.Max(alone.TokensPerSecond, 1e-9), 2),
        }));
        return 0;
    }
}
