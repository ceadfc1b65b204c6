namespace AdventureServer.Game.Settings;

/// <summary>The server's limits on what an adventure may hold and ask for. Settings are clamped into them.</summary>
public sealed record GameLimits
{
    /// <summary>The limits a server uses unless configured otherwise.</summary>
    public static GameLimits Default { get; } = new();

    /// <summary>Longest action a player may type, in characters.</summary>
    public int MaxActionLength { get; init; } = 1000;

    /// <summary>Smallest allowed "max new tokens".</summary>
    public int MinNewTokens { get; init; } = 1;

    /// <summary>Largest allowed "max new tokens".</summary>
    public int MaxNewTokens { get; init; } = 512;

    /// <summary>Largest party cap a host may set.</summary>
    public int MaxPartyCap { get; init; } = 16;

    /// <summary>The party cap of a new adventure when the host sets none.</summary>
    public int DefaultPartyCap { get; init; } = 8;

    /// <summary>Highest sampling temperature.</summary>
    public double MaxTemperature { get; init; } = 2.0;

    /// <summary>Highest top-k (0 means "off").</summary>
    public int MaxTopK { get; init; } = 1000;

    /// <summary>Highest repetition penalty (1 means "off").</summary>
    public double MaxRepetitionPenalty { get; init; } = 2.0;

    /// <summary>Most stop sequences per adventure.</summary>
    public int MaxStopSequences { get; init; } = 8;

    /// <summary>Longest stop sequence, in characters.</summary>
    public int MaxStopSequenceLength { get; init; } = 64;

    /// <summary>Most banned words per adventure.</summary>
    public int MaxBannedWords { get; init; } = 200;

    /// <summary>Longest title, in characters.</summary>
    public int MaxTitleLength { get; init; } = 120;

    /// <summary>The longest character name, in characters.</summary>
    public int MaxCharacterNameLength { get; init; } = 40;

    /// <summary>Longest memory, in characters.</summary>
    public int MaxMemoryLength { get; init; } = 4000;

    /// <summary>Longest author's note, in characters.</summary>
    public int MaxAuthorsNoteLength { get; init; } = 1000;

    /// <summary>Most story cards per adventure.</summary>
    public int MaxStoryCards { get; init; } = 200;

    /// <summary>Longest story card text, in characters.</summary>
    public int MaxStoryCardLength { get; init; } = 2000;

    /// <summary>Longest edited block text, in characters.</summary>
    public int MaxBlockLength { get; init; } = 20000;
}
