using System.Globalization;
using System.Net;

namespace AdventureServer.LoadTest.Options;

/// <summary>What one load test run does; parsed from the command line by <see cref="Parse"/>.</summary>
public sealed record LoadOptions
{
    /// <summary>
    /// The servers to load (ignored with <see cref="StartServer"/>): one, a balancer in front of several nodes, or each
    /// node of a cluster (<c>--url</c> repeated or a comma list). Players are spread over them in turn (<see cref="UrlOf"/>).
    /// </summary>
    public IReadOnlyList<Uri> Urls { get; init; } = [new("http://127.0.0.1:5080")];

    /// <summary>The first of <see cref="Urls"/>.</summary>
    public Uri Url => Urls[0];

    /// <summary>Whether a host other than loopback may be loaded (a load test is an attack on anyone else's server).</summary>
    public bool AllowRemote { get; init; }

    /// <summary>Boots the real server in-process on 127.0.0.1:0 with a temporary data folder.</summary>
    public bool StartServer { get; init; }

    public int Players { get; init; } = 4;

    public int PartySize { get; init; } = 2;

    /// <summary>Accepted actions each player aims for (refused attempts are retried, within a bound).</summary>
    public int Actions { get; init; } = 3;

    public int ThinkMs { get; init; } = 500;

    /// <summary>Seconds over which the parties start, spread evenly.</summary>
    public double RampS { get; init; } = 5;

    /// <summary>Hard cap on the whole run (every step of a ramp together).</summary>
    public double DurationS { get; init; } = 300;

    /// <summary>Ramp mode: steps of <see cref="StepPlayers"/> more players until p99 time to first token passes the bound.</summary>
    public bool Ramp { get; init; }

    public double TtftP99BoundMs { get; init; } = 2000;

    public int StepPlayers { get; init; } = 4;

    public int MaxPlayers { get; init; } = 64;

    public string? OutDir { get; init; }

    /// <summary><c>FreeForAll</c> or <c>RoundRobin</c>, for the adventures the players create.</summary>
    public string TurnPolicy { get; init; } = "FreeForAll";

    /// <summary>The adventures' max new tokens per continuation (their settings, clamped by the server).</summary>
    public int MaxNewTokens { get; init; } = 48;

    public double RetryChance { get; init; } = 0.1;

    public double UndoChance { get; init; } = 0.05;

    /// <summary>Chance that the actor drops its connection mid-stream, reconnects and resumes.</summary>
    public double ReconnectChance { get; init; } = 0.1;

    public int Seed { get; init; } = 1;

    /// <summary>Arguments for the in-process server (<c>--Section:Key=value</c> given to the load tester).</summary>
    public IReadOnlyList<string> ServerArgs { get; init; } = [];

    /// <summary>Parses <c>--name value</c> and <c>--name=value</c> options; <c>--Section:Key=value</c> goes to the in-process server.</summary>
    /// <exception cref="ArgumentException">An unknown option, a bad value, or a remote host without <c>--allow-remote</c>.</exception>
    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var o = new LoadOptions();
        var server = new List<string>();
        var urls = new List<Uri>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? arg[..eq] : arg;
            if (name.Contains(':', StringComparison.Ordinal))
            {
                server.Add(arg);
                continue;
            }

            string Value() => eq > 0 ? arg[(eq + 1)..] : ++i < args.Count ? args[i] : throw new ArgumentException($"{name} needs a value.");
            int Int() => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v : throw new ArgumentException($"{name} needs a whole number ≥ 0.");
            double Real() => double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v : throw new ArgumentException($"{name} needs a number ≥ 0.");
            o = name switch
            {
                "--url" => Added(o, urls, Value()),
                "--allow-remote" => o with { AllowRemote = true },
                "--start-server" => o with { StartServer = true },
                "--players" => o with { Players = Int() },
                "--party-size" => o with { PartySize = Int() },
                "--actions" => o with { Actions = Int() },
                "--think-ms" => o with { ThinkMs = Int() },
                "--ramp-s" => o with { RampS = Real() },
                "--duration-s" => o with { DurationS = Real() },
                "--ramp" => o with { Ramp = true },
                "--ttft-p99-bound-ms" => o with { TtftP99BoundMs = Real() },
                "--step-players" => o with { StepPlayers = Int() },
                "--max-players" => o with { MaxPlayers = Int() },
                "--out" => o with { OutDir = Value() },
                "--turn-policy" => o with { TurnPolicy = Value() },
                "--max-new-tokens" => o with { MaxNewTokens = Int() },
                "--retry-chance" => o with { RetryChance = Real() },
                "--undo-chance" => o with { UndoChance = Real() },
                "--reconnect-chance" => o with { ReconnectChance = Real() },
                "--seed" => o with { Seed = Int() },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }

        o = o with { ServerArgs = server };
        if (urls.Count > 0)
            o = o with { Urls = urls };
        o.Validate();
        return o;
    }

    /// <summary>The server player number <paramref name="player"/> (0, 1, ... over the whole run) connects to: the URLs in turn.</summary>
    public Uri UrlOf(int player) => Urls[player % Urls.Count];

    // "--url a" or "--url a,b": every URL given, in order (the first --url replaces the default).
    static LoadOptions Added(LoadOptions o, List<Uri> urls, string value)
    {
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            urls.Add(Uri.TryCreate(part, UriKind.Absolute, out var u) ? u : throw new ArgumentException($"--url needs absolute URLs; {part} is not one."));
        return o;
    }

    /// <summary>Refuses values that would make the run meaningless or aim it at someone else's server.</summary>
    public void Validate()
    {
        if (Urls.Count == 0)
            throw new ArgumentException("--url needs at least one URL.");
        if (!StartServer && !AllowRemote && Urls.FirstOrDefault(u => !IsLoopback(u)) is { } remote)
            throw new ArgumentException($"{remote.Host} is not a loopback host; pass --allow-remote to load a server you run elsewhere.");
        if (Players < 1 || PartySize < 1 || Actions < 1)
            throw new ArgumentException("--players, --party-size and --actions must be at least 1.");
        if (Ramp && (StepPlayers < 1 || MaxPlayers < StepPlayers))
            throw new ArgumentException("--step-players must be at least 1 and --max-players at least --step-players.");
        if (DurationS <= 0)
            throw new ArgumentException("--duration-s must be more than 0.");
        if (TurnPolicy is not ("FreeForAll" or "RoundRobin"))
            throw new ArgumentException("--turn-policy is FreeForAll or RoundRobin.");
    }

    /// <summary>Whether <paramref name="url"/> names this machine (localhost or a loopback address).</summary>
    public static bool IsLoopback(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }
}
