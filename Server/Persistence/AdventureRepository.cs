using AdventureServer.Game.Adventures;
using AdventureServer.Game.Settings;
using AdventureServer.Game.Story;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AdventureServer.Server.Persistence;

/// <summary>
/// Loads and saves adventures. Scoped, like its <see cref="GameDbContext"/>: save an adventure through the
/// repository that loaded it, so the optimistic concurrency check compares with what was loaded.
/// A save that loses a race throws <see cref="ConcurrencyConflictException"/>; use a new scope to retry.
/// </summary>
public sealed class AdventureRepository(GameDbContext db, GameLimits limits, TimeProvider time)
{
    const int JoinCodeAttempts = 20;

    /// <summary>Stores a new adventure, giving it another join code if its code is taken.</summary>
    public async Task CreateAsync(Adventure adventure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(adventure);
        for (var attempt = 0; await db.Adventures.AnyAsync(a => a.JoinCode == adventure.JoinCode, cancellationToken); attempt++)
        {
            if (attempt >= JoinCodeAttempts)
            {
                throw new InvalidOperationException("Could not find a free join code.");
            }

            adventure.ChangeJoinCode(Game.Text.JoinCode.New());
        }

        var entity = new AdventureEntity { Id = adventure.Id, UpdatedAt = time.GetUtcNow() };
        db.Adventures.Add(entity);
        AdventureMapping.Apply(db, entity, adventure.ToSnapshot());
        await SaveChangesAsync(cancellationToken);
    }

    /// <summary>The adventure with this id, or null.</summary>
    public async Task<Adventure?> LoadAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var entity = await WithChildren().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        return entity is null ? null : Adventure.Restore(AdventureMapping.ToSnapshot(entity), limits);
    }

    /// <summary>The adventure with this join code (any case, surrounding spaces ignored), or null.</summary>
    public async Task<Adventure?> LoadByJoinCodeAsync(string joinCode, CancellationToken cancellationToken = default)
    {
        var code = Game.Text.JoinCode.Normalize(joinCode);
        var entity = await WithChildren().FirstOrDefaultAsync(a => a.JoinCode == code, cancellationToken);
        return entity is null ? null : Adventure.Restore(AdventureMapping.ToSnapshot(entity), limits);
    }

    /// <summary>
    /// Saves every change made to <paramref name="adventure"/> since it was loaded, in one transaction.
    /// After an accepted action this stores the action and its empty continuation before anything is generated.
    /// </summary>
    public async Task SaveAsync(Adventure adventure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(adventure);
        var entity = db.Adventures.Local.FirstOrDefault(a => a.Id == adventure.Id)
            ?? await WithChildren().FirstOrDefaultAsync(a => a.Id == adventure.Id, cancellationToken)
            ?? throw new InvalidOperationException($"Adventure {adventure.Id} is not stored; create it first.");
        AdventureMapping.Apply(db, entity, adventure.ToSnapshot());
        AdventureMapping.BumpVersions(db, entity, time.GetUtcNow());
        await SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Stores a continuation's text so far and its state, touching only that block's row. Called at
    /// intervals while it streams and once at the end with the cleaned text and the final state. The
    /// text is the whole text, not a delta, so a repeated call never doubles it. Refused (NotWriting)
    /// once the block has a final state.
    /// </summary>
    public async Task<StoryBlock> SaveContinuationAsync(Guid adventureId, Guid blockId, string text, ContinuationState state, CancellationToken cancellationToken = default)
    {
        var row = await FindBlockAsync(adventureId, blockId, cancellationToken);
        var block = AdventureMapping.ToBlock(row).WriteContinuation(text, state);
        AdventureMapping.Apply(row, block, adventureId, row.Position);
        row.Version++;
        await SaveChangesAsync(cancellationToken);
        return block;
    }

    /// <summary>
    /// Appends <paramref name="delta"/> to a continuation's stored text and sets its state, for a writer
    /// that keeps only what arrived since its last save. Not idempotent: a writer that may repeat a call
    /// should use <see cref="SaveContinuationAsync"/> with the whole text instead.
    /// </summary>
    public async Task<StoryBlock> AppendContinuationAsync(Guid adventureId, Guid blockId, string delta, ContinuationState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delta);
        var row = await FindBlockAsync(adventureId, blockId, cancellationToken);
        return await SaveContinuationAsync(adventureId, blockId, AdventureMapping.ToBlock(row).Text + delta, state, cancellationToken);
    }

    /// <summary>The adventures <paramref name="userId"/> is a member of, most recently changed first.</summary>
    public async Task<IReadOnlyList<AdventureSummary>> ListForUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        var rows = await db.Adventures.AsNoTracking()
            .Where(a => a.Members.Any(m => m.UserId == userId))
            .Select(a => new
            {
                a.Id,
                a.Title,
                a.JoinCode,
                a.UpdatedAt,
                Role = a.Members.Where(m => m.UserId == userId).Select(m => m.Role).First(),
                Count = a.Members.Count,
            })
            .ToListAsync(cancellationToken);
        // SQLite cannot order by DateTimeOffset in SQL; a user's list is short.
        return rows
            .OrderByDescending(r => r.UpdatedAt)
            .Select(r => new AdventureSummary(r.Id, r.Title, r.JoinCode, Enum.Parse<MemberRole>(r.Role), r.Count, r.UpdatedAt))
            .ToArray();
    }

    /// <summary>
    /// Marks every continuation still being written as interrupted. Run at start-up, when nothing can be
    /// writing: those were cut off by a stop or crash, and would otherwise lock their adventures for good.
    /// </summary>
    public async Task<int> InterruptUnfinishedAsync(CancellationToken cancellationToken = default)
    {
        var writing = nameof(ContinuationState.Writing);
        var rows = await db.Blocks.Where(b => b.State == writing).ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            var block = AdventureMapping.ToBlock(row);
            AdventureMapping.Apply(row, block.WriteContinuation(block.Text, ContinuationState.Interrupted), row.AdventureId, row.Position);
            row.Version++;
        }

        await SaveChangesAsync(cancellationToken);
        return rows.Count;
    }

    /// <summary>The adventure as a JSON document (see <see cref="AdventureExport"/>), or null when there is none.</summary>
    public async Task<string?> ExportAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var adventure = await LoadAsync(id, cancellationToken);
        return adventure is null ? null : AdventureExport.Write(adventure.ToSnapshot(), time.GetUtcNow());
    }

    /// <summary>Stores a copy of an exported adventure with a new id and join code; <paramref name="importer"/> hosts it.</summary>
    public async Task<Adventure> ImportAsync(string json, Actor importer, CancellationToken cancellationToken = default)
    {
        var snapshot = AdventureExport.ReadAsCopy(json, importer, time.GetUtcNow());
        var adventure = Adventure.Restore(snapshot with { Settings = snapshot.Settings.ClampTo(limits) }, limits);
        await CreateAsync(adventure, cancellationToken);
        return adventure;
    }

    async Task<BlockEntity> FindBlockAsync(Guid adventureId, Guid blockId, CancellationToken cancellationToken) =>
        db.Blocks.Local.FirstOrDefault(b => b.Id == blockId && b.AdventureId == adventureId)
        ?? await db.Blocks.FirstOrDefaultAsync(b => b.Id == blockId && b.AdventureId == adventureId, cancellationToken)
        ?? throw new InvalidOperationException($"Block {blockId} of adventure {adventureId} is not stored.");

    IQueryable<AdventureEntity> WithChildren() =>
        db.Adventures.Include(a => a.Members).Include(a => a.Blocks).AsSplitQuery();

    async Task SaveChangesAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException e)
        {
            throw new ConcurrencyConflictException("The adventure was changed by someone else since it was loaded; reload it and try again.", e);
        }
        catch (DbUpdateException e) when (e.InnerException is SqliteException { SqliteExtendedErrorCode: 2067 or 1555 })
        {
            // Two saves appending a block at the same position: the loser of the race hits the unique index.
            throw new ConcurrencyConflictException("The story was changed by someone else since it was loaded; reload it and try again.", e);
        }
    }
}
