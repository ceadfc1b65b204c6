using System.CommandLine;

namespace AdventureServer.Server.Cli;

/// <summary><c>serve</c>: runs the server; unknown options (e.g. <c>--urls</c>) go to ASP.NET Core.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Run the server (the default verb).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction((parse, ct) => RunAsync(parse.UnmatchedTokens.ToArray(), ct));
        return command;
    }

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        await using var app = ServerApp.Create(args);
        await app.RunAsync(cancellationToken == default ? CancellationToken.None : cancellationToken);
        return 0;
    }
}
