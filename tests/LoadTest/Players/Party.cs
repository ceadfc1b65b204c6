using AdventureServer.LoadTest.Hosting;
using AdventureServer.LoadTest.Measuring;
using AdventureServer.LoadTest.Options;
using AdventureServer.Server.Hubs.Contracts;

namespace AdventureServer.LoadTest.Players;

/// <summary>
/// A party: distinct accounts registered and connected, the first creates an adventure, the others join by its
/// code, all play their turn loops together, then the party's streams are checked against each other. Member i is
/// player number first + i of the run: it registers and connects at that player's URL (<see cref="LoadOptions.UrlOf"/>)
/// and records into <paramref name="recorderOf"/>(i); what goes wrong for the party as a whole goes to <paramref name="recorder"/>.
/// </summary>
public sealed class Party(LoadOptions options, LoadRecorder recorder, Func<int, LoadRecorder> recorderOf)
{
    static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Plays one party of <paramref name="size"/> to the end; returns its integrity check.</summary>
    public async Task<IntegrityResult> PlayAsync(string name, int size, int first, int seed, CancellationToken cancel)
    {
        var sessions = new List<PlayerSession>();
        try
        {
            for (var i = 0; i < size; i++)
            {
                var userName = $"{name}-{i}";
                var server = options.UrlOf(first + i);
                using var http = new HttpClient { BaseAddress = server, Timeout = PlayerSession.CallTimeout };
                var token = await new AccountClient(http).RegisterAndLogInAsync(userName, recorderOf(i).SetupRetried, cancel);
                sessions.Add(await PlayerSession.ConnectAsync(server, token, userName, cancel));
                recorderOf(i).PlayerJoined();
            }

            var created = await sessions[0].CallAsync<AdventureView>("CreateAdventure", cancel, Scenario());
            sessions[0].Apply(created);
            foreach (var member in sessions.Skip(1))
                member.Apply(await member.CallAsync<AdventureView>("Join", cancel, created.JoinCode));

            var players = sessions.Select((s, i) => new SimulatedPlayer(s, created.Id, options, recorderOf(i), new Random(seed * 1000 + i)));
            await Task.WhenAll(players.Select(p => p.RunAsync(cancel)));
            await SettleAsync(sessions, cancel);
            var seen = sessions.Select(s => s.Observe());
            // A run cut by --duration-s leaves streams unfinished on purpose; check only what ended.
            if (cancel.IsCancellationRequested)
                seen = seen.Select(Finished);
            return IntegrityChecker.Check([.. seen]);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancel.IsCancellationRequested)
        {
            // The party could not start (or a join failed): that is a failure of the server under load, not of one action.
            recorder.ActionFailed("PartySetup:" + e.GetType().Name, e.Message);
            return new IntegrityResult([], 0, 0);
        }
        finally
        {
            for (var i = 0; i < sessions.Count; i++)
            {
                await sessions[i].DisposeAsync();
                recorderOf(i).PlayerLeft();
            }
        }
    }

    static PlayerObservation Finished(PlayerObservation seen) => seen with
    {
        Blocks = seen.Blocks.ToDictionary(b => b.Key, b => (IReadOnlyList<StreamObservation>)[.. b.Value.Where(s => s.FinalText is not null)]),
    };

    CreateAdventureRequest Scenario() => new(
        "The Cellar",
        "You are ${name}, standing at the top of the cellar stairs with a lamp.",
        new Dictionary<string, string> { ["name"] = "Ada" },
        TurnPolicy: options.TurnPolicy,
        PartyCap: Math.Max(2, options.PartySize),
        Settings: new SettingsView(0.8, 40, 0.9, 1.1, options.MaxNewTokens, null, []));

    /// <summary>Lets the last continuation reach every member before their records are compared.</summary>
    static async Task SettleAsync(IReadOnlyList<PlayerSession> sessions, CancellationToken cancel)
    {
        var deadline = LoadClock.NowMs + SettleTimeout.TotalMilliseconds;
        while (LoadClock.NowMs < deadline && sessions.Any(s => s.IsWriting) && !cancel.IsCancellationRequested)
            await Task.Delay(20, CancellationToken.None);
        // The end message goes to each member separately; give the slowest one a moment more.
        await Task.Delay(200, CancellationToken.None);
    }
}
