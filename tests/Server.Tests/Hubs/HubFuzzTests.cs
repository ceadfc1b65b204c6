using AdventureServer.Game.Rules;
using AdventureServer.Game.Story;
using AdventureServer.Server.Hubs.Contracts;
using AdventureServer.Server.Play;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AdventureServer.Server.Tests.Hubs;

public class HubFuzzTests
{
    const int CallsPerHub = 300;

    static readonly HashSet<string> KnownReasons = [.. Enum.GetNames<RuleReason>(), .. Enum.GetNames<RefusalReason>()];

    [TestCase(20261202)]
    [TestCase(7)]
    public async Task Calls_with_null_and_odd_arguments_are_refused_with_a_known_reason_word_and_log_no_errors(int seed)
    {
        await using var server = await GameServer.StartAsync();
        using var capture = new ErrorLogCapture();
        server.Services.GetRequiredService<ILoggerFactory>().AddProvider(capture);
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        await using var gm = await GameServer.GameMasterAsync(server);
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario());
        var odd = new OddArguments(new Random(seed), created.Id, created.Blocks[0].Id);

        var refusals = new List<string>();
        var unknown = new List<string>();
        foreach (var (connection, methods) in new[] { (alice, PlayerMethods), (gm, GameMasterMethods) })
        {
            for (var i = 0; i < CallsPerHub; i++)
            {
                var (method, parameters) = methods[odd.Random.Next(methods.Length)];
                var args = parameters.Select(odd.For).ToArray();
                try
                {
                    await connection.CallAsync<object?>(method, args);
                }
                catch (HubException e)
                {
                    var reason = ReasonWord(e.Message);
                    refusals.Add(reason ?? e.Message);
                    if (reason is null || !KnownReasons.Contains(reason))
                        unknown.Add($"{method}({string.Join(", ", args.Select(a => a?.ToString() ?? "null"))}): {e.Message}");
                }
            }
        }

        Assert.That(unknown, Is.Empty);
        Assert.That(refusals, Does.Contain(nameof(RefusalReason.Invalid)), "the fuzzer sent malformed arguments");
        Assert.That(capture.Errors, Is.Empty);
    }

    [Test]
    public async Task The_documented_malformed_calls_are_refused_as_invalid()
    {
        await using var server = await GameServer.StartAsync();
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario());

        Assert.That(async () => await alice.CallAsync<AdventureView>("CreateAdventure", [null]), Throws.InstanceOf<HubException>().With.Message.Contains("HubException: Invalid:"));
        Assert.That(async () => await alice.CallAsync<SettingsView>("ChangeSettings", created.Id, null), Throws.InstanceOf<HubException>().With.Message.Contains("HubException: Invalid:"));
        Assert.That(async () => await alice.CallAsync<StoryCardView>("AddStoryCard", created.Id, null), Throws.InstanceOf<HubException>().With.Message.Contains("HubException: Invalid:"));
        Assert.That(async () => await alice.CallAsync<Guid>("Act", created.Id, 99, "I jump"), Throws.InstanceOf<HubException>().With.Message.Contains("HubException: Invalid:"));
    }

    [Test]
    public async Task A_model_that_cannot_be_loaded_is_refused_as_model_load_failed()
    {
        await using var server = await GameServer.StartAsync();
        await using var gm = await GameServer.GameMasterAsync(server);

        Assert.That(async () => await gm.CallAsync<EngineStateView>("SwitchModel", Path.Combine(server.DataFolder, "no-such-model")),
            Throws.InstanceOf<HubException>().With.Message.Contains("HubException: ModelLoadFailed: The model could not be loaded"));
    }

    static string? ReasonWord(string message)
    {
        const string marker = "HubException: ";
        var at = message.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
            return null;
        var rest = message[(at + marker.Length)..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? rest[..colon] : null;
    }

    static readonly (string Method, Type[] Parameters)[] PlayerMethods =
    [
        ("CreateAdventure", [typeof(CreateAdventureRequest)]),
        ("Join", [typeof(string)]),
        ("ListMyAdventures", []),
        ("GetAdventure", [typeof(Guid)]),
        ("Resume", [typeof(Guid), typeof(Guid?), typeof(int), typeof(int)]),
        ("Act", [typeof(Guid), typeof(ActionKind), typeof(string)]),
        ("Retry", [typeof(Guid)]),
        ("Undo", [typeof(Guid)]),
        ("Redo", [typeof(Guid)]),
        ("Edit", [typeof(Guid), typeof(Guid), typeof(string)]),
        ("EraseAfter", [typeof(Guid), typeof(Guid)]),
        ("SelectAlternative", [typeof(Guid), typeof(Guid), typeof(int)]),
        ("Stop", [typeof(Guid)]),
        ("SetMemory", [typeof(Guid), typeof(string)]),
        ("SetAuthorsNote", [typeof(Guid), typeof(string)]),
        ("AddStoryCard", [typeof(Guid), typeof(StoryCardView)]),
        ("UpdateStoryCard", [typeof(Guid), typeof(StoryCardView)]),
        ("RemoveStoryCard", [typeof(Guid), typeof(Guid)]),
        ("ChangeSettings", [typeof(Guid), typeof(SettingsView)]),
        ("SetTyping", [typeof(Guid), typeof(bool)]),
        ("JoinAs", [typeof(string), typeof(string)]),
        ("SetCharacterName", [typeof(Guid), typeof(string)]),
        ("ChangeActionPerson", [typeof(Guid), typeof(Game.Settings.ActionPerson)]),
        ("GetContext", [typeof(Guid)]),
    ];

    // SwitchModel is left out: an empty name loads the bundled model, which is a real switch, not a refusal.
    static readonly (string Method, Type[] Parameters)[] GameMasterMethods =
    [
        ("ListLiveAdventures", []),
        ("GetContext", [typeof(Guid)]),
        ("Watch", [typeof(Guid)]),
        ("Unwatch", [typeof(Guid)]),
        ("Resume", [typeof(Guid), typeof(Guid?), typeof(int), typeof(int)]),
        ("Narrate", [typeof(Guid), typeof(string)]),
        ("EditBlock", [typeof(Guid), typeof(Guid), typeof(string)]),
        ("EraseAfter", [typeof(Guid), typeof(Guid)]),
        ("Undo", [typeof(Guid)]),
        ("ChangeSettings", [typeof(Guid), typeof(SettingsView)]),
        ("SetBannedWords", [typeof(Guid), typeof(IReadOnlyList<string>)]),
        ("Kick", [typeof(Guid), typeof(string), typeof(string)]),
        ("Ban", [typeof(Guid), typeof(string), typeof(string)]),
        ("Unban", [typeof(Guid), typeof(string)]),
        ("Mute", [typeof(Guid), typeof(string)]),
        ("Unmute", [typeof(Guid), typeof(string)]),
        ("Stop", [typeof(Guid)]),
        ("GetEngineState", []),
    ];
}
