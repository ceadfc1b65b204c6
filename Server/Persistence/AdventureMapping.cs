using AdventureServer.Game.Adventures;
using AdventureServer.Game.Settings;
using AdventureServer.Game.Story;
using Microsoft.EntityFrameworkCore;

namespace AdventureServer.Server.Persistence;

/// <summary>Copies between the domain's <see cref="AdventureSnapshot"/> and the database rows, so the domain stays free of EF.</summary>
internal static class AdventureMapping
{
    public static AdventureSnapshot ToSnapshot(AdventureEntity e)
    {
        var banned = PersistenceJson.Read<BannedUser[]>(e.BannedJson);
        var redo = PersistenceJson.Read<RedoStackRecord>(e.RedoStackJson);
        return new(
            e.Id,
            e.Title,
            e.JoinCode,
            e.HostId,
            e.CreatedAt,
            Enum.Parse<TurnPolicy>(e.TurnPolicy),
            e.PartyCap,
            e.Members.OrderBy(m => m.JoinOrder).Select(m => new Member(m.UserId, m.DisplayName, Enum.Parse<MemberRole>(m.Role)) { CharacterName = m.CharacterName }).ToArray(),
            PersistenceJson.Read<string[]>(e.MutedJson),
            banned.Select(b => b.UserId).ToArray(),
            PersistenceJson.Read<string[]>(e.BannedWordsJson),
            PersistenceJson.Read<GenerationSettings>(e.SettingsJson),
            e.Memory,
            e.AuthorsNote,
            PersistenceJson.Read<StoryCard[]>(e.StoryCardsJson),
            e.Blocks.OrderBy(b => b.Position).Select(ToBlock).ToArray(),
            redo.Steps,
            e.LastActorId)
        {
            BannedNames = banned.ToDictionary(b => b.UserId, b => b.DisplayName, StringComparer.Ordinal),
            ErasesOnTop = redo.ErasesOnTop,
            ActionPerson = Enum.Parse<ActionPerson>(e.ActionPerson),
        };
    }

    public static StoryBlock ToBlock(BlockEntity b) =>
        new(
            b.Id,
            Enum.Parse<BlockType>(b.Type),
            b.AuthorId,
            b.AuthorName,
            b.Kind is null ? null : Enum.Parse<ActionKind>(b.Kind),
            b.TypedText,
            PersistenceJson.Read<Alternative[]>(b.AlternativesJson),
            b.Shown,
            PersistenceJson.Read<string[]>(b.HistoryJson),
            b.Hidden);

    /// <summary>
    /// Makes <paramref name="e"/> (tracked by <paramref name="db"/>) hold <paramref name="s"/>; EF works out
    /// which columns changed. A block that is the very instance in <paramref name="stored"/> (what its row
    /// already holds) is skipped without being serialized.
    /// </summary>
    public static void Apply(GameDbContext db, AdventureEntity e, AdventureSnapshot s, IReadOnlyDictionary<Guid, StoryBlock> stored)
    {
        e.Id = s.Id;
        e.Title = s.Title;
        e.JoinCode = s.JoinCode;
        e.HostId = s.HostId;
        e.CreatedAt = s.CreatedAt;
        e.TurnPolicy = s.TurnPolicy.ToString();
        e.PartyCap = s.PartyCap;
        e.LastActorId = s.LastActorId;
        e.Memory = s.Memory;
        e.AuthorsNote = s.AuthorsNote;
        e.ActionPerson = s.ActionPerson.ToString();
        e.SettingsJson = PersistenceJson.Write(s.Settings);
        e.BannedWordsJson = PersistenceJson.Write(s.BannedWords);
        e.MutedJson = PersistenceJson.Write(s.Muted);
        e.BannedJson = PersistenceJson.Write(s.Banned.Select(id => new BannedUser(id, s.BannedNames.GetValueOrDefault(id, id))).ToArray());
        e.StoryCardsJson = PersistenceJson.Write(s.StoryCards);
        e.RedoStackJson = PersistenceJson.Write(new RedoStackRecord(s.RedoStack.Select(step => step.ToArray()).ToArray(), s.ErasesOnTop));
        ApplyMembers(db, e, s.Members);
        ApplyBlocks(db, e, s.Blocks, stored);
    }

    public static void Apply(BlockEntity e, StoryBlock b, Guid adventureId, int position)
    {
        e.Id = b.Id;
        e.AdventureId = adventureId;
        e.Position = position;
        e.Type = b.Type.ToString();
        e.AuthorId = b.AuthorId;
        e.AuthorName = b.AuthorName;
        e.Kind = b.Kind?.ToString();
        e.TypedText = b.TypedText;
        e.AlternativesJson = PersistenceJson.Write(b.Alternatives);
        e.Shown = b.Shown;
        e.HistoryJson = PersistenceJson.Write(b.History);
        e.Hidden = b.Hidden;
        e.State = b.State.ToString();
    }

    static void ApplyMembers(GameDbContext db, AdventureEntity e, IReadOnlyList<Member> members)
    {
        foreach (var gone in e.Members.Where(m => !members.Any(x => x.UserId == m.UserId)).ToArray())
        {
            e.Members.Remove(gone);
            db.Remove(gone);
        }

        for (var i = 0; i < members.Count; i++)
        {
            var row = e.Members.Find(m => m.UserId == members[i].UserId);
            if (row is null)
            {
                row = new MemberEntity { AdventureId = e.Id, UserId = members[i].UserId };
                e.Members.Add(row);
                db.Add(row);
            }

            row.DisplayName = members[i].DisplayName;
            row.Role = members[i].Role.ToString();
            row.CharacterName = members[i].CharacterName;
            row.JoinOrder = i;
        }
    }

    // Blocks are never deleted (the domain only hides them), so rows are only added or updated.
    static void ApplyBlocks(GameDbContext db, AdventureEntity e, IReadOnlyList<StoryBlock> blocks, IReadOnlyDictionary<Guid, StoryBlock> stored)
    {
        var rows = e.Blocks.ToDictionary(b => b.Id);
        for (var i = 0; i < blocks.Count; i++)
        {
            var found = rows.TryGetValue(blocks[i].Id, out var row);
            // Blocks are only appended, so an unchanged block is still at its row's position.
            if (found && row!.Position == i && stored.TryGetValue(blocks[i].Id, out var same) && ReferenceEquals(same, blocks[i]))
                continue;
            if (!found)
            {
                row = new BlockEntity();
                Apply(row, blocks[i], e.Id, i);
                e.Blocks.Add(row);
                db.Add(row);
                continue;
            }

            Apply(row!, blocks[i], e.Id, i);
        }
    }

    /// <summary>Bumps the version of every changed block, and of the adventure when anything in it changed.</summary>
    public static void BumpVersions(GameDbContext db, AdventureEntity adventure, DateTimeOffset now)
    {
        db.ChangeTracker.DetectChanges();
        var changed = false;
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            if (entry.Entity is BlockEntity block && entry.State == EntityState.Modified)
            {
                block.Version++;
            }

            changed |= entry.Entity switch
            {
                AdventureEntity a => a.Id == adventure.Id,
                BlockEntity b => b.AdventureId == adventure.Id,
                MemberEntity m => m.AdventureId == adventure.Id,
                _ => false,
            };
        }

        if (changed)
        {
            adventure.Version++;
            adventure.UpdatedAt = now;
        }
    }

    /// <summary>The redo stack's JSON column: its steps (block ids to show again) and how many top steps are erases.</summary>
    sealed record RedoStackRecord(Guid[][] Steps, int ErasesOnTop);
}
