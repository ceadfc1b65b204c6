namespace AdventureServer.Server.Tests.Cli;

[NonParallelizable] // the verbs write to the process's console
public class GenerateCommandTests
{
    string _folder = null!;

    [OneTimeSetUp]
    public void SaveTinyModel() => _folder = TinyCheckpoint.Save("generate-tests");

    [OneTimeTearDown]
    public void DeleteTinyModel() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void Generate_streams_the_continuation_to_stdout_and_the_summary_to_stderr()
    {
        var args = new[] { "generate", "--model", _folder, "--prompt", "Hello there", "--max-new-tokens", "6", "--seed", "5", "--device", "cpu" };

        var first = CommandLine.Invoke(args);
        var second = CommandLine.Invoke(args);

        Assert.That(first.ExitCode, Is.Zero, first.Error);
        Assert.That(first.Out.Trim(), Is.Not.Empty);
        Assert.That(first.Error, Does.Contain("6 new tokens").And.Contain("seed 5"));
        Assert.That(second.Out, Is.EqualTo(first.Out), "the same seed gives the same text");
    }

    [Test]
    public void Generate_without_a_model_continues_with_the_bundled_default_model()
    {
        var (exitCode, output, error) = CommandLine.Invoke("generate", "--prompt", "You enter the cave.", "--max-new-tokens", "4", "--seed", "1", "--device", "cpu");

        Assert.That(exitCode, Is.Zero, error);
        Assert.That(output.Trim(), Is.Not.Empty);
        Assert.That(error, Does.Contain("adventure-default"));
    }

    [Test]
    public void Generate_with_both_a_model_and_random_weights_is_refused()
    {
        var (exitCode, _, error) = CommandLine.Invoke("generate", "--model", _folder, "--random-weights", "gpt2", "--prompt", "Hello");

        Assert.That(exitCode, Is.Not.Zero);
        Assert.That(error, Does.Contain("not both"));
    }

    [Test]
    public void A_backslash_n_in_stop_is_a_newline()
    {
        // The bundled model writes a line break within a few tokens of a story opening.
        var (exitCode, output, error) = CommandLine.Invoke(
            "generate", "--prompt", "You are a knight in the castle.\n> You open the door.\n", "--max-new-tokens", "80",
            "--seed", "3", "--device", "cpu", "--stop", "\\n");

        Assert.That(exitCode, Is.Zero, error);
        Assert.That(error, Does.StartWith("[stop"), "the generation ended at the newline");
        Assert.That(output.TrimEnd('\n'), Does.Not.Contain('\n'));
    }

    [Test]
    public void Generate_with_a_broken_model_folder_names_the_problem()
    {
        var (exitCode, _, error) = CommandLine.Invoke("generate", "--model", Path.Combine(_folder, "absent"), "--prompt", "Hello", "--device", "cpu");

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(error, Does.Contain("absent").And.Contain("is not a folder"));
    }
}
