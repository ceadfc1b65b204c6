using AdventureServer.Server.Cli;

// `AdventureServer` with no verb serves; the other verbs (generate, bench, train, user, ...) live in Cli/.
return await AdventureCommandLine.RunAsync(args);
