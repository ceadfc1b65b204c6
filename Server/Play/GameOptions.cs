using System.ComponentModel.DataAnnotations;
using AdventureServer.Game.Settings;

namespace AdventureServer.Server.Play;

/// <summary>The server's game limits and connection settings, bound from the <c>Game</c> section of appsettings.json.</summary>
public sealed class GameOptions
{
    public const string Section = "Game";

    /// <summary>Largest SignalR message a client may send, in bytes; a bigger one closes that connection.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaximumReceiveMessageSize { get; set; } = 32 * 1024;

    /// <summary>Actions (act, retry, narrate) one account may start per minute.</summary>
    [Range(1, 10_000)]
    public int ActionsPerMinute { get; set; } = 20;

    /// <summary>Hub calls of any kind one account may make per minute (flood protection).</summary>
    [Range(1, 1_000_000)]
    public int InvocationsPerMinute { get; set; } = 600;

    /// <summary>Hub connections one account may hold open at once (both hubs together).</summary>
    [Range(1, 1000)]
    public int ConnectionsPerAccount { get; set; } = 5;

    /// <summary>Adventures one account may host.</summary>
    [Range(1, 100_000)]
    public int AdventuresPerAccount { get; set; } = 20;

    /// <summary>Longest action a player may type, in characters.</summary>
    [Range(1, 100_000)]
    public int MaxActionLength { get; set; } = 1000;

    /// <summary>Largest "max new tokens" an adventure may ask for.</summary>
    [Range(1, 4096)]
    public int MaxNewTokens { get; set; } = 512;

    /// <summary>Largest party cap a host may set.</summary>
    [Range(1, 1000)]
    public int MaxPartyCap { get; set; } = 16;

    /// <summary>How often the server pings an idle connection (the client's own timeout should be about twice this).</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A connection the server has heard nothing from for this long is dead and closed (twice the client's keep-alive).</summary>
    public TimeSpan ClientTimeoutInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often the text of streaming continuations is saved (all of them in one transaction). A crash loses
    /// at most this plus one save of what the players saw: the default keeps that under 250 ms.
    /// </summary>
    public TimeSpan SaveInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often subscribed game masters get the engine's state.</summary>
    public TimeSpan EngineStateInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The domain's limits with these settings applied.</summary>
    public GameLimits ToLimits() => GameLimits.Default with
    {
        MaxActionLength = MaxActionLength,
        MaxNewTokens = MaxNewTokens,
        MaxPartyCap = MaxPartyCap,
        DefaultPartyCap = Math.Min(GameLimits.Default.DefaultPartyCap, MaxPartyCap),
    };
}
