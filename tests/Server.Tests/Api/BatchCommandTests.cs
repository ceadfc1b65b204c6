using System.Text.Json;
using AdventureServer.Server.Tests.Cli;

namespace AdventureServer.Server.Tests.Api;

/// <summary>The <c>batch</c> verb on OpenAI batch files, with the bundled model on the CPU.</summary>
public class BatchCommandTests
{
    static readonly string Model = Path.Combine(AppContext.BaseDirectory, "DefaultModel");

    static string Line(string id, object body, string url = "/v1/completions") =>
        JsonSerializer.Serialize(new { custom_id = id, method = "POST", url, body });

    static string[] Lines() =>
    [
        .. Enumerable.Range(0, 6).Select(i => Line($"story-{i}", new { prompt = $"You walk into room {i}. It is", max_tokens = 10, temperature = 0.8, seed = i })),
        Line("chat", new { messages = new[] { new { role = "user", content = "I look around." } }, max_tokens = 8, temperature = 0 }, "/v1/chat/completions"),
        Line("bad", new { prompt = "Hello", temperature = 9 }),
    ];

    static (int ExitCode, string Out, string Error) Run(string input, string output) =>
        CommandLine.Invoke("batch", "--input", input, "--output", output, "--model", Model, "--device", "cpu", "--rows", "4");

    static Dictionary<string, JsonElement> Read(string output) =>
        File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(l => l.GetProperty("custom_id").GetString()!);

    [Test]
    public void A_batch_file_is_answered_line_by_line_in_OpenAIs_batch_output_shape()
    {
        var folder = TestFolders.New("batch-");
        var (input, output) = (Path.Combine(folder, "in.jsonl"), Path.Combine(folder, "out.jsonl"));
        File.WriteAllLines(input, Lines());

        var run = Run(input, output);
        var answers = Read(output);

        Assert.That(run.ExitCode, Is.Zero, run.Error);
        Assert.That(answers.Keys, Is.EquivalentTo(new[] { "story-0", "story-1", "story-2", "story-3", "story-4", "story-5", "chat", "bad" }));
        var story = answers["story-3"].GetProperty("response");
        Assert.That(story.GetProperty("status_code").GetInt32(), Is.EqualTo(200));
        Assert.That(story.GetProperty("body").GetProperty("object").GetString(), Is.EqualTo("text_completion"));
        Assert.That(story.GetProperty("body").GetProperty("usage").GetProperty("completion_tokens").GetInt32(), Is.InRange(1, 10));
        Assert.That(answers["story-3"].GetProperty("id").GetString(), Does.StartWith("batch_req_"));
        Assert.That(answers["chat"].GetProperty("response").GetProperty("body").GetProperty("object").GetString(), Is.EqualTo("chat.completion"));
        Assert.That(answers["bad"].GetProperty("response").GetProperty("status_code").GetInt32(), Is.EqualTo(400));
        Assert.That(answers["bad"].GetProperty("response").GetProperty("body").GetProperty("error").GetProperty("param").GetString(), Is.EqualTo("temperature"));
        Assert.That(run.Error, Does.Contain("8/8 requests"), "the progress bar");
        Assert.That(run.Out, Does.Contain("new tokens/s"));
    }

    [Test]
    public void An_interrupted_batch_resumes_keeping_the_answers_already_written_and_dropping_a_cut_short_line()
    {
        var folder = TestFolders.New("batch-");
        var (input, output) = (Path.Combine(folder, "in.jsonl"), Path.Combine(folder, "out.jsonl"));
        File.WriteAllLines(input, Lines());
        Assert.That(Run(input, output).ExitCode, Is.Zero);
        var first = File.ReadAllLines(output);
        // As if the run had stopped after two answers and in the middle of writing a third.
        File.WriteAllText(output, first[0] + "\n" + first[1] + "\n" + first[2][..(first[2].Length / 2)]);

        var resumed = Run(input, output);
        var lines = File.ReadAllLines(output);

        Assert.That(resumed.ExitCode, Is.Zero, resumed.Error);
        Assert.That(resumed.Error, Does.Contain("2 already in"));
        Assert.That(lines[..2], Is.EqualTo(first[..2]), "the answers already written are kept as they were");
        Assert.That(lines, Has.Length.EqualTo(8));
        Assert.That(lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("custom_id").GetString()), Is.Unique);
    }

    [Test]
    public void A_repeated_custom_id_is_refused_before_anything_runs()
    {
        var folder = TestFolders.New("batch-");
        var (input, output) = (Path.Combine(folder, "in.jsonl"), Path.Combine(folder, "out.jsonl"));
        File.WriteAllLines(input, [Line("a", new { prompt = "x" }), Line("a", new { prompt = "y" })]);

        var run = Run(input, output);

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Error, Does.Contain("custom_id").And.Contain("twice"));
        Assert.That(File.Exists(output), Is.False);
    }
}
