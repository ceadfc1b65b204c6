using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AdventureServer.Game.Adventures;
using AdventureServer.Game.Settings;
using AdventureServer.Game.Story;
using AdventureServer.Inference.Serving;
using AdventureServer.Server.Persistence;
using AdventureServer.Server.Play;
using AdventureServer.Server.Streaming;
using Microsoft.Data.Sqlite;

namespace AdventureServer.Server.Cli;

/// <summary>
/// <c>bench-story</c>: what one turn and each kind of change cost the database for stories of several
/// lengths, counted by an EF Core command interceptor on a real SQLite file, through the server's own
/// repository and continuation sink (the calls a hub method makes, without a model). Prints a table, then one
/// JSON line whose keys are columns (<c>blocks</c>, <c>rows_written_per_turn</c>, ...), so other measures can be added.
/// </summary>
public static class BenchStoryCommand
{
    static readonly Option<int[]> Blocks = new("--blocks")
    {
        Description = "Story lengths to measure, in blocks (the opening, then actions each with its continuation).",
        DefaultValueFactory = _ => [10, 100, 1000],
        AllowMultipleArgumentsPerToken = true,
    };

    static readonly Option<int> ProgressSaves = new("--progress-saves")
    {
        Description = "Progress saves while the turn's continuation streams (10: a one-second stream at the default 100 ms interval).",
        DefaultValueFactory = _ => 10,
    };

    static readonly Actor Host = new("host", "Hana");

    public static Command Create()
    {
        var command = new Command("bench-story", "Count the database rows a turn and each story change write, for stories of several lengths.")
        {
            Blocks, ProgressSaves,
        };
        command.SetAction((parse, _) => RunAsync(parse.GetValue(Blocks)!, parse.GetValue(ProgressSaves)));
        return command;
    }

    static async Task<int> RunAsync(int[] lengths, int progressSaves)
    {
        if (lengths.Length == 0 || lengths.Any(n => n < 3) || progressSaves < 0)
        {
            await Console.Error.WriteLineAsync("bench-story: every --blocks must be at least 3 and --progress-saves at least 0.");
            return 1;
        }

        var figures = new List<BenchStoryFigures>();
        foreach (var length in lengths)
            figures.Add(await MeasureAsync(length, progressSaves));
        Write(figures, progressSaves);
        return 0;
    }

    static async Task<BenchStoryFigures> MeasureAsync(int length, int progressSaves)
    {
        var folder = Directory.CreateTempSubdirectory("bench-story-").FullName;
        var counter = new RowCounter();
        try
        {
            await using (var provider = new ServiceCollection()
                .AddLogging()
                .AddPersistence($"Data Source={Path.Combine(folder, "adventures.db")}", counter)
                .AddScoped<IContinuationSink, ContinuationSink>()
                .BuildServiceProvider())
            {
                provider.ApplyMigrations();
                var adventure = Story(length);
                await InScope(provider, repository => repository.CreateAsync(adventure));

                counter.Reset();
                var continuation = await ChangeAsync(provider, adventure.Id, a => a.Act(Host, ActionKind.Do, "I look around").Continuation.Id);
                var act = counter.Written;
                var actQueries = counter.Queries;
                counter.Reset();
                await StreamAsync(provider, adventure.Id, continuation, progressSaves);
                var stream = counter.Written;
                var streamQueries = counter.Queries;
                counter.Reset();
                await ChangeAsync(provider, adventure.Id, a => a.Undo(Host));
                var undo = counter.Written;
                counter.Reset();
                await ChangeAsync(provider, adventure.Id, a => a.Edit(Host, a.VisibleBlocks[^1].Id, "The lamp flickers and goes out."));
                var edit = counter.Written;
                counter.Reset();
                await ChangeAsync(provider, adventure.Id, a => a.Join("newcomer", "Nils"));
                var join = counter.Written;
                counter.Reset();
                await ChangeAsync(provider, adventure.Id, a => a.ChangeSettings(Host, new GenerationSettings { Temperature = 0.7, Seed = 3 }));
                var settings = counter.Written;
                return new BenchStoryFigures(adventure.Blocks.Count, act, stream, actQueries, streamQueries, undo, edit, join, settings);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    // A story of about `length` blocks: the opening, then actions each answered by a finished continuation.
    static Adventure Story(int length)
    {
        var adventure = Adventure.Create(new AdventureSetup("The Long Road", "You are a traveller on a long road."), Host, GameLimits.Default, DateTimeOffset.UnixEpoch);
        for (var turn = 0; turn < (length - 1) / 2; turn++)
        {
            var act = adventure.Act(Host, ActionKind.Do, $"I walk on to milestone {turn}");
            adventure.WriteContinuation(act.Continuation.Id, $" The road bends past milestone {turn}; fields of barley sway in the wind and a crow watches you from a fence post.", ContinuationState.Done);
        }

        return adventure;
    }

    // What the streamer does for one continuation: progress saves of the growing text, then the final save.
    static async Task StreamAsync(IServiceProvider provider, Guid adventureId, Guid blockId, int progressSaves)
    {
        var text = string.Empty;
        for (var save = 0; save < progressSaves; save++)
        {
            text += " The wind rises.";
            await using var scope = provider.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IContinuationSink>().SaveProgressAsync([new ContinuationText(adventureId, blockId, text)]);
        }

        await using var end = provider.CreateAsyncScope();
        var result = new GenerationResult(FinishReason.Length, 8, progressSaves, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
        await end.ServiceProvider.GetRequiredService<IContinuationSink>().CompleteAsync(adventureId, blockId, text + " Done.", [], result, shuttingDown: false);
    }

    // As the hub's services do it: a fresh scope, load, change, save.
    static async Task<T> ChangeAsync<T>(IServiceProvider provider, Guid adventureId, Func<Adventure, T> change)
    {
        await using var scope = provider.CreateAsyncScope();
        var repository = scope.ServiceProvider.GetRequiredService<AdventureRepository>();
        var adventure = await repository.LoadAsync(adventureId) ?? throw new InvalidOperationException("The story is gone.");
        var result = change(adventure);
        await repository.SaveAsync(adventure);
        return result;
    }

    static async Task InScope(IServiceProvider provider, Func<AdventureRepository, Task> action)
    {
        await using var scope = provider.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<AdventureRepository>());
    }

    static void Write(IReadOnlyList<BenchStoryFigures> figures, int progressSaves)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"bench-story: rows written to SQLite per change (a turn = the action's save, {progressSaves} progress saves, the final save)"));
        Console.WriteLine(string.Create(c, $"{"blocks",7} {"turn",6} {"act",5} {"stream",7} {"undo",5} {"edit",5} {"join",5} {"settings",9} {"queries: act",13} {"stream",7}"));
        foreach (var f in figures)
            Console.WriteLine(string.Create(c, $"{f.Blocks,7} {f.TurnRows,6} {f.ActRows,5} {f.StreamRows,7} {f.UndoRows,5} {f.EditRows,5} {f.JoinRows,5} {f.SettingsRows,9} {f.ActQueries,13} {f.StreamQueries,7}"));
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["blocks"] = figures.Select(f => f.Blocks),
            ["rows_written_per_turn"] = figures.Select(f => f.TurnRows),
            ["rows_written_act"] = figures.Select(f => f.ActRows),
            ["rows_written_stream"] = figures.Select(f => f.StreamRows),
            ["rows_written_undo"] = figures.Select(f => f.UndoRows),
            ["rows_written_edit"] = figures.Select(f => f.EditRows),
            ["rows_written_join"] = figures.Select(f => f.JoinRows),
            ["rows_written_settings"] = figures.Select(f => f.SettingsRows),
            ["queries_per_turn"] = figures.Select(f => f.ActQueries + f.StreamQueries),
            ["queries_stream"] = figures.Select(f => f.StreamQueries),
            ["progress_saves"] = progressSaves,
        }));
    }
}
