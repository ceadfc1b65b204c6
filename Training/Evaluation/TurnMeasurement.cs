namespace AdventureServer.Training.Evaluation;

/// <summary>What <see cref="ModelEvaluator"/> measured of one model.</summary>
/// <param name="Openings">How many seeded openings were continued.</param>
/// <param name="NarrationTurns">Turns whose first line answers in narration: not empty, not a player action, no action marker inside it.</param>
/// <param name="TurnsWithActionLine">Turns in which the model wrote a player action line anywhere (the game's cut removes it).</param>
/// <param name="ValidationLoss">Mean cross-entropy on the validation file's fixed batches, in nats per token.</param>
public sealed record TurnMeasurement(int Openings, int NarrationTurns, int TurnsWithActionLine, double ValidationLoss)
{
    /// <summary>The share of turns that answer in narration without writing a player action.</summary>
    public double NarrationShare => Openings == 0 ? 0 : (double)NarrationTurns / Openings;

    /// <summary>The share of turns in which the model wrote a player action line.</summary>
    public double ActionLineShare => Openings == 0 ? 0 : (double)TurnsWithActionLine / Openings;
}
