using System.CommandLine;
using System.Globalization;

namespace AdventureServer.Server.Cli;

/// <summary>The server executable's verbs. With no verb it serves.</summary>
public static class AdventureCommandLine
{
    /// <summary>Runs the executable's command line: in the invariant culture (<see cref="UseInvariantCulture"/>), then the verb.</summary>
    public static Task<int> RunAsync(string[] args)
    {
        UseInvariantCulture();
        return Create().Parse(args).InvokeAsync();
    }

    /// <summary>
    /// Reads and writes numbers the same on every machine: System.CommandLine parses a flag's value in the current
    /// culture, so under a German locale <c>--temperature 0.7</c> was read as 7 (and <c>0,7</c> as 0.7), and figures
    /// printed with a decimal comma. Hugging Face's flags and the JSON lines take a point.
    /// </summary>
    internal static void UseInvariantCulture()
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
    }

    public static RootCommand Create()
    {
        var serve = ServeCommand.Create();
        var root = new RootCommand("AdventureServer: a multiplayer, AI-narrated text adventure server.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.Subcommands.Add(serve);
        root.Subcommands.Add(UserCommand.Create());
        root.Subcommands.Add(ApiKeyCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(CorpusCommand.Create());
        root.Subcommands.Add(EvaluateModelCommand.Create());
        root.Subcommands.Add(DownloadCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(BenchSingleCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(BenchStoryCommand.Create());
        root.Subcommands.Add(CudaGraphCheckCommand.Create());
        root.Subcommands.Add(BatchCommand.Create());
        root.Subcommands.Add(AdventureFileCommands.Export());
        root.Subcommands.Add(AdventureFileCommands.Import());
        root.SetAction((parse, ct) =>
        {
            var unmatched = parse.UnmatchedTokens.ToArray();
            // Settings come as "--Section:Key=value" or "--urls URL"; a first word that is no option is a mistyped
            // verb ("api-key" for "apikey"), and serving on the default port instead would hide the mistake.
            if (unmatched.Length > 0 && !unmatched[0].StartsWith('-'))
                return Task.FromResult(UnknownVerb(root, unmatched[0]));
            return ServeCommand.RunAsync(unmatched, ct);
        });
        return root;
    }

    static int UnknownVerb(RootCommand root, string verb)
    {
        Console.Error.WriteLine($"Unknown verb '{verb}'. The verbs are:");
        foreach (var command in root.Subcommands.Where(c => !c.Hidden))
            Console.Error.WriteLine($"  {command.Name,-18} {command.Description}");
        Console.Error.WriteLine("With no verb the server serves; 'AdventureServer VERB --help' describes a verb.");
        return 2;
    }
}
