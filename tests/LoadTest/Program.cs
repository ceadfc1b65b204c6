using AdventureServer.LoadTest.Running;

// Usage and options: see LoadOptions, and the "Load test" section of README.md.
return await LoadTestCommand.RunAsync(args, Console.Out, Console.Error);
