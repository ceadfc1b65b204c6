using System.Text.Json;
using AdventureServer.Game.Adventures;
using AdventureServer.Game.Rules;
using AdventureServer.Game.Story;

namespace AdventureServer.Server.Persistence;

/// <summary>
/// An adventure as a JSON document, for export and import. Importing makes a copy: a new id, join code
/// and block ids, the importer as host and only member, no moderation lists; the story (every block,
/// alternative, edit history and hidden block), memory, author's note, cards and settings stay identical.
/// </summary>
public sealed record AdventureExport(string Format, DateTimeOffset ExportedAt, AdventureSnapshot Adventure)
{
    /// <summary>The format written, and the only one read.</summary>
    public const string CurrentFormat = "adventure-server/adventure/1";

    /// <summary>The document for <paramref name="snapshot"/>.</summary>
    public static string Write(AdventureSnapshot snapshot, DateTimeOffset exportedAt) =>
        PersistenceJson.Write(new AdventureExport(CurrentFormat, exportedAt, snapshot));

    /// <summary>A copy of the exported adventure, ready to store, hosted by <paramref name="importer"/>.</summary>
    public static AdventureSnapshot ReadAsCopy(string json, Actor importer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(importer);
        AdventureExport document;
        try
        {
            document = PersistenceJson.Read<AdventureExport>(json);
        }
        catch (JsonException e)
        {
            throw new GameRuleException(RuleReason.InvalidSettings, $"This is not an exported adventure: {e.Message}");
        }

        if (document.Format != CurrentFormat || document.Adventure is null)
        {
            throw new GameRuleException(RuleReason.InvalidSettings, $"Unknown export format \"{document.Format}\"; expected \"{CurrentFormat}\".");
        }

        var source = document.Adventure;
        var newIds = source.Blocks.ToDictionary(b => b.Id, _ => Guid.CreateVersion7(now));
        return source with
        {
            Id = Guid.CreateVersion7(now),
            JoinCode = Game.Text.JoinCode.New(),
            HostId = importer.UserId,
            CreatedAt = now,
            Members = [new Member(importer.UserId, importer.DisplayName, MemberRole.Host)],
            Muted = [],
            Banned = [],
            Blocks = source.Blocks.Select(b => b with { Id = newIds[b.Id] }).ToArray(),
            RedoStack = source.RedoStack.Select(step => (IReadOnlyList<Guid>)step.Select(id => newIds[id]).ToArray()).ToArray(),
            LastActorId = null,
        };
    }
}
