using AdventureServer.Server.Hubs.Contracts;

namespace AdventureServer.Server.Tests.Hubs;

/// <summary>
/// Seeded arguments for the hub fuzzer: well-typed (so SignalR binds them) but null, empty, huge, out of range or
/// unknown, mixed with real ids so that some calls reach the game's rules.
/// </summary>
public sealed class OddArguments(Random random, Guid adventureId, Guid blockId)
{
    public Random Random { get; } = random;

    public object? For(Type type) => type switch
    {
        _ when type == typeof(Guid) => Pick(adventureId, adventureId, blockId, Guid.Empty, NewGuid()),
        _ when type == typeof(Guid?) => Pick<Guid?>(null, adventureId, blockId, Guid.Empty, NewGuid()),
        _ when type == typeof(string) => Text(),
        _ when type == typeof(int) => Pick(-1, 0, 1, 2, int.MaxValue, int.MinValue),
        _ when type == typeof(bool) => Random.Next(2) == 0,
        // Sent as numbers: 99 and -1 bind to ActionKind but name no kind.
        _ when type == typeof(Game.Story.ActionKind) => Pick<object>(0, 1, 2, 3, 99, -1),
        _ when type == typeof(Game.Settings.ActionPerson) => Pick<object>(0, 1, 7, -1),
        _ when type == typeof(CreateAdventureRequest) => Pick(null, Request()),
        _ when type == typeof(SettingsView) => Pick(null, Settings()),
        _ when type == typeof(StoryCardView) => Pick(null, Card()),
        _ when type == typeof(IReadOnlyList<string>) => Pick<IReadOnlyList<string?>?>(null, [], [null], ["", " "], [Text(), Text()]),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "No odd arguments for this type."),
    };

    string? Text() => Pick(null, "", " ", "I look around", "${name}", "\u0000\uFFFD\u202E", new string('x', 3000), "hf:", "> You");

    CreateAdventureRequest Request() => new(Text()!, Text()!, Pick<IReadOnlyDictionary<string, string>?>(null, new Dictionary<string, string> { [""] = "" }),
        Pick(null, "FreeForAll", "RoundRobin", "Bogus", ""), Pick<int?>(null, -5, 0, 1, int.MaxValue), Pick(null, Settings()), Text(), Text(), Pick(null, "Second", "Third", "2", "Bogus"), Text());

    SettingsView Settings() => new(Pick(-1.0, 0, 1e308, double.Epsilon), Pick(-5, 0, int.MaxValue), Pick(-1.0, 0, 2, 1e308), Pick(-1.0, 0, 100),
        Pick(-1, 0, 1, int.MaxValue), Pick<long?>(null, -1, long.MaxValue), Pick<IReadOnlyList<string>?>(null, [], [null!], ["", new string('y', 2000)])!);

    StoryCardView Card() => new(Pick(Guid.Empty, NewGuid()), Text()!, Pick<IReadOnlyList<string>?>(null, [], [null!, ""], [Text()!])!, Text()!, Random.Next(2) == 0);

    Guid NewGuid()
    {
        var bytes = new byte[16];
        Random.NextBytes(bytes);
        return new Guid(bytes);
    }

    T Pick<T>(params T[] choices) => choices[Random.Next(choices.Length)];
}
