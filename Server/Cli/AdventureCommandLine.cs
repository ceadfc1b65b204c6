using System.CommandLine;

namespace AdventureServer.Server.Cli;

/// <summary>The server executable's verbs. With no verb it serves.</summary>
public static class AdventureCommandLine
{
    public static RootCommand Create()
    {
        var serve = ServeCommand.Create();
        var root = new RootCommand("AdventureServer: a multiplayer, AI-narrated text adventure server.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.SetAction((parse, ct) => ServeCommand.RunAsync(parse.UnmatchedTokens.ToArray(), ct));
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
        root.Subcommands.Add(CudaGraphCheckCommand.Create());
        return root;
    }
}
