using AdventureServer.LoadTest.Bench;
using AdventureServer.LoadTest.Running;

// Usage and options: see LoadOptions, and the "Load test" section of README.md. `bench-story` measures
// what a turn costs each player as the story grows (see StoryBench).
return args is ["bench-story", .. var rest]
    ? await StoryBench.RunAsync(rest, Console.Out)
    : await LoadTestCommand.RunAsync(args, Console.Out, Console.Error);
