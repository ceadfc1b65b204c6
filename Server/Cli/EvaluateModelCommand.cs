using System.CommandLine;
using System.Globalization;
using AdventureServer.Training.Evaluation;

namespace AdventureServer.Server.Cli;

/// <summary>
/// <c>evaluate-model --model DIR --data DIR</c>: on seeded openings, the share of turns that answer in narration
/// without writing a player action, and the validation loss (see <see cref="ModelEvaluator"/>).
/// </summary>
public static class EvaluateModelCommand
{
    /// <summary>The verb with its options.</summary>
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "The model folder.", Required = true };
        var data = new Option<string>("--data") { Description = "A corpus folder; its valid.txt gives the validation loss.", Required = true };
        var openings = new Option<int>("--openings") { Description = "Seeded openings to continue.", DefaultValueFactory = _ => 100 };
        var seed = new Option<int>("--seed") { Description = "The corpus seed the openings come from.", DefaultValueFactory = _ => 2026 };
        var show = new Option<int>("--show") { Description = "Print this many turns with their prompts.", DefaultValueFactory = _ => 0 };
        var command = new Command("evaluate-model", "Measure a story model: narration share on seeded openings, and validation loss.")
        {
            model, data, openings, seed, show,
        };
        command.SetAction((parse, _) =>
        {
            var settings = new EvaluationSettings { Openings = parse.GetValue(openings), Seed = parse.GetValue(seed), Show = parse.GetValue(show) };
            if (settings.Openings < 1)
            {
                Console.Error.WriteLine("--openings must be at least 1.");
                return Task.FromResult(1);
            }

            var result = ModelEvaluator.Measure(parse.GetValue(model)!, parse.GetValue(data)!, settings, Console.Out);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{result.NarrationTurns} of {result.Openings} turns answer in narration without writing a player action ({result.NarrationShare:P0}); " +
                $"{result.TurnsWithActionLine} wrote an action line somewhere ({result.ActionLineShare:P0}); validation loss {result.ValidationLoss:F4}."));
            return Task.FromResult(0);
        });
        return command;
    }
}
